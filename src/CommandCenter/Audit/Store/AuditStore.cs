using Microsoft.EntityFrameworkCore;

namespace CommandCenter.Audit.Store;

/// <summary>
/// One audited action. The table is append-only: the application adds rows and never updates or
/// deletes one, except <see cref="Retention.AuditSweep"/>, which deletes rows older than the retention.
/// </summary>
public sealed class AuditEntry
{
    public const int MaxActorLength = 256;
    public const int MaxRoleLength = 32;
    public const int MaxAddressLength = 64;
    public const int MaxActionLength = 32;
    public const int MaxTargetLength = 256;
    public const int MaxDetailLength = 1000;

    public long Id { get; set; }

    /// <summary>When it happened, in UTC: a <see cref="DateTime"/>, since SQLite compares and orders those but not <see cref="DateTimeOffset"/>.</summary>
    public DateTime At { get; set; }

    /// <summary>The user name, <c>anonymous</c>, or who acted outside a request (<see cref="AuditActor"/>).</summary>
    public string Actor { get; set; } = "";

    public string? ActorRole { get; set; }

    /// <summary>The address the request came from; none for host commands and the server's own seeding.</summary>
    public string? Address { get; set; }

    /// <summary>A stable code from <see cref="AuditActions"/>.</summary>
    public string Action { get; set; } = "";

    /// <summary>What was acted on: an alarm id, a ticket id, a user name.</summary>
    public string? Target { get; set; }

    /// <summary>The outcome or why, in a few words.</summary>
    public string? Detail { get; set; }
}

/// <summary>
/// The system audit log (EF Core). One subclass per engine carries that engine's migrations:
/// <see cref="SqliteAuditStore"/> and <see cref="PostgresAuditStore"/>.
/// </summary>
public abstract class AuditStore(DbContextOptions options) : DbContext(options)
{
    public const string Name = "audit";

    public DbSet<AuditEntry> Entries => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        builder.Entity<AuditEntry>(entry =>
        {
            entry.ToTable("AuditEntries");
            entry.Property(e => e.Actor).HasMaxLength(AuditEntry.MaxActorLength);
            entry.Property(e => e.ActorRole).HasMaxLength(AuditEntry.MaxRoleLength);
            entry.Property(e => e.Address).HasMaxLength(AuditEntry.MaxAddressLength);
            entry.Property(e => e.Action).HasMaxLength(AuditEntry.MaxActionLength);
            entry.Property(e => e.Target).HasMaxLength(AuditEntry.MaxTargetLength);
            entry.Property(e => e.Detail).HasMaxLength(AuditEntry.MaxDetailLength);
            entry.HasIndex(e => e.At);
            entry.HasIndex(e => e.Actor);
        });
    }
}

public sealed class SqliteAuditStore(DbContextOptions<SqliteAuditStore> options) : AuditStore(options);

public sealed class PostgresAuditStore(DbContextOptions<PostgresAuditStore> options) : AuditStore(options);
