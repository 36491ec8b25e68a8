using CommandCenter.Relational;
using Microsoft.EntityFrameworkCore;

namespace CommandCenter.Assessment.PropertyFirms.Store;

/// <summary>
/// An assessment item a street's staff added for a property firm of their street (街道考评): points for a month, a note
/// saying why, who added it and when. It counts in that month's rating beside the computed criteria.
/// </summary>
public sealed class StreetAssessmentItem
{
    public const int MaxIdLength = 64;
    public const int MaxNameLength = 256;
    public const int MaxNoteLength = 500;

    public long Id { get; set; }

    public string FirmId { get; set; } = "";

    public string StreetId { get; set; } = "";

    /// <summary><c>YYYY-MM</c>, the city's calendar month it counts in.</summary>
    public string Month { get; set; } = "";

    public int Points { get; set; }

    public string Note { get; set; } = "";

    /// <summary>The signed-in street user who added it.</summary>
    public string AddedBy { get; set; } = "";

    /// <summary>UTC.</summary>
    public DateTime AddedAt { get; set; }
}

/// <summary>The streets' own assessment items for property firms (EF Core), one subclass per engine with its migrations.</summary>
public abstract class PropertyFirmStore(DbContextOptions options) : DbContext(options)
{
    public const string Name = "property-firms";

    public DbSet<StreetAssessmentItem> Items => Set<StreetAssessmentItem>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        builder.Entity<StreetAssessmentItem>(item =>
        {
            item.ToTable("StreetAssessmentItems");
            item.Property(i => i.FirmId).HasMaxLength(StreetAssessmentItem.MaxIdLength);
            item.Property(i => i.StreetId).HasMaxLength(StreetAssessmentItem.MaxIdLength);
            item.Property(i => i.Month).HasMaxLength(7);
            item.Property(i => i.Note).HasMaxLength(StreetAssessmentItem.MaxNoteLength);
            item.Property(i => i.AddedBy).HasMaxLength(StreetAssessmentItem.MaxNameLength);
            item.HasIndex(i => new { i.FirmId, i.Month });
        });
    }
}

public sealed class SqlitePropertyFirmStore(DbContextOptions<SqlitePropertyFirmStore> options) : PropertyFirmStore(options);

public sealed class PostgresPropertyFirmStore(DbContextOptions<PostgresPropertyFirmStore> options) : PropertyFirmStore(options);

internal sealed class SqlitePropertyFirmStoreFactory() : SqliteDesignTimeFactory<SqlitePropertyFirmStore>(options => new(options));

internal sealed class PostgresPropertyFirmStoreFactory() : PostgresDesignTimeFactory<PostgresPropertyFirmStore>(options => new(options));
