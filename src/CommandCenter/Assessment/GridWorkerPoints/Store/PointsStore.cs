using CommandCenter.Relational;
using Microsoft.EntityFrameworkCore;

namespace CommandCenter.Assessment.GridWorkerPoints.Store;

/// <summary>
/// One award of points to a grid worker: which rule gave it for which case, at which step, and the worker's grid with the
/// areas above it when it was given (the worker's own grid, from their scope; rankings group by these). Unique per case,
/// rule and worker, so hearing of a finished case twice awards nothing more.
/// </summary>
public sealed class PointAward
{
    public const int MaxNameLength = 256;
    public const int MaxIdLength = 64;
    public const int MaxReasonLength = 500;

    public long Id { get; set; }

    /// <summary>The grid worker's user name.</summary>
    public string Worker { get; set; } = "";

    public string GridId { get; set; } = "";

    public string CommunityId { get; set; } = "";

    public string StreetId { get; set; } = "";

    public string DistrictId { get; set; } = "";

    /// <summary>The rule's id (<see cref="PointRuleIds"/>).</summary>
    public string Rule { get; set; } = "";

    /// <summary>The points as configured when it was awarded; negative for a penalty.</summary>
    public int Points { get; set; }

    public string TicketId { get; set; } = "";

    /// <summary>UTC: when the case finished (closed or cancelled), or was evaluated for <c>closed-satisfied</c>; the month the award counts in.</summary>
    public DateTime AwardedAt { get; set; }

    /// <summary>UTC: the step of the case that earned it (the filing, the verification, the closing…).</summary>
    public DateTime StepAt { get; set; }

    /// <summary>Who took that step and what it was, as the case's audit trail says (English, for the record).</summary>
    public string Reason { get; set; } = "";
}

/// <summary>The grid workers' point awards (EF Core), one subclass per engine with that engine's migrations.</summary>
public abstract class PointsStore(DbContextOptions options) : DbContext(options)
{
    public const string Name = "grid-worker-points";

    public DbSet<PointAward> Awards => Set<PointAward>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        builder.Entity<PointAward>(award =>
        {
            award.ToTable("PointAwards");
            award.Property(a => a.Worker).HasMaxLength(PointAward.MaxNameLength);
            award.Property(a => a.GridId).HasMaxLength(PointAward.MaxIdLength);
            award.Property(a => a.CommunityId).HasMaxLength(PointAward.MaxIdLength);
            award.Property(a => a.StreetId).HasMaxLength(PointAward.MaxIdLength);
            award.Property(a => a.DistrictId).HasMaxLength(PointAward.MaxIdLength);
            award.Property(a => a.Rule).HasMaxLength(PointAward.MaxIdLength);
            award.Property(a => a.TicketId).HasMaxLength(PointAward.MaxIdLength);
            award.Property(a => a.Reason).HasMaxLength(PointAward.MaxReasonLength);
            award.HasIndex(a => new { a.TicketId, a.Rule, a.Worker }).IsUnique();
            award.HasIndex(a => a.AwardedAt);
            award.HasIndex(a => new { a.Worker, a.AwardedAt });
        });
    }
}

public sealed class SqlitePointsStore(DbContextOptions<SqlitePointsStore> options) : PointsStore(options);

public sealed class PostgresPointsStore(DbContextOptions<PostgresPointsStore> options) : PointsStore(options);

internal sealed class SqlitePointsStoreFactory() : SqliteDesignTimeFactory<SqlitePointsStore>(options => new(options));

internal sealed class PostgresPointsStoreFactory() : PostgresDesignTimeFactory<PostgresPointsStore>(options => new(options));
