using CommandCenter.Grains.Abstractions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CommandCenter.Tickets.Store;

/// <summary>
/// One finished (closed or cancelled) work order, written once when it finishes and never changed. The
/// columns are what lists, filters and KPIs ask for in SQL; the whole ticket is in <see cref="Summary"/> and
/// <see cref="Audit"/>. Instants are UTC ticks (100 ns since 0001-01-01), exact on both engines, so the
/// archive orders and cuts off tickets exactly as the index does.
/// </summary>
public sealed class ArchivedTicket
{
    public const int MaxIdLength = 128;
    public const int MaxCodeLength = 128;
    public const int MaxEnumLength = 32;

    public string Id { get; set; } = "";

    /// <summary>The id in lower case: the id filter ignores case.</summary>
    public string IdKey { get; set; } = "";

    /// <summary>The category code in lower case: the category filter ignores case.</summary>
    public string Category { get; set; } = "";

    public TicketStatus Status { get; set; }

    public TicketSource Source { get; set; }

    /// <summary>The highest supervision level it reached.</summary>
    public SupervisionLevel Level { get; set; }

    public DateTimeOffset ReportedAt { get; set; }

    /// <summary>When it was closed or cancelled.</summary>
    public DateTimeOffset FinishedAt { get; set; }

    /// <summary>Every area key of its <see cref="TicketSummary.AreaPath"/> and <see cref="TicketSummary.PlacePath"/>, for the area filter.</summary>
    public List<ArchivedTicketArea> Areas { get; set; } = [];

    /// <summary>Its final contribution to the KPIs (<see cref="TicketKpis.Of"/>, which no longer depends on the time once it is finished).</summary>
    public TicketKpis Kpis { get; set; } = new();

    /// <summary>The <see cref="TicketSummary"/> as JSON.</summary>
    public string Summary { get; set; } = "";

    /// <summary>The audit trail (<see cref="TicketAuditEntry"/>: steps, actors, times, notices) as JSON.</summary>
    public string Audit { get; set; } = "";
}

/// <summary>One area an archived ticket is listed under.</summary>
public sealed class ArchivedTicketArea
{
    public const int MaxKeyLength = 256;

    public string TicketId { get; set; } = "";

    /// <summary>A <see cref="TicketArea.Key"/>: <c>grid/G1</c>, <c>district/640104</c>, <c>city</c>, <c>department/cg</c>.</summary>
    public string AreaKey { get; set; } = "";
}

/// <summary>
/// The archive of finished work orders (EF Core). One subclass per engine carries that engine's migrations:
/// <see cref="SqliteTicketArchiveStore"/> and <see cref="PostgresTicketArchiveStore"/>.
/// </summary>
public abstract class TicketArchiveStore(DbContextOptions options) : DbContext(options)
{
    public const string Name = "ticket-archive";

    private static readonly ValueConverter<DateTimeOffset, long> UtcTicks = new(at => at.UtcTicks, ticks => new DateTimeOffset(ticks, TimeSpan.Zero));

    public DbSet<ArchivedTicket> Tickets => Set<ArchivedTicket>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        builder.Entity<ArchivedTicket>(ticket =>
        {
            ticket.ToTable("ArchivedTickets");
            ticket.Property(t => t.Id).HasMaxLength(ArchivedTicket.MaxIdLength);
            ticket.Property(t => t.IdKey).HasMaxLength(ArchivedTicket.MaxIdLength);
            ticket.Property(t => t.Category).HasMaxLength(ArchivedTicket.MaxCodeLength);
            ticket.Property(t => t.Status).HasConversion<string>().HasMaxLength(ArchivedTicket.MaxEnumLength);
            ticket.Property(t => t.Source).HasConversion<string>().HasMaxLength(ArchivedTicket.MaxEnumLength);
            ticket.Property(t => t.Level).HasConversion<string>().HasMaxLength(ArchivedTicket.MaxEnumLength);
            ticket.Property(t => t.ReportedAt).HasConversion(UtcTicks).HasColumnName("ReportedAtUtcTicks");
            ticket.Property(t => t.FinishedAt).HasConversion(UtcTicks).HasColumnName("FinishedAtUtcTicks");
            ticket.ComplexProperty(t => t.Kpis);
            ticket.HasMany(t => t.Areas).WithOne().HasForeignKey(area => area.TicketId);
            ticket.HasIndex(t => t.IdKey);
            ticket.HasIndex(t => new { t.ReportedAt, t.Id });
            ticket.HasIndex(t => t.FinishedAt);
            ticket.HasIndex(t => new { t.Category, t.ReportedAt });
        });
        builder.Entity<ArchivedTicketArea>(area =>
        {
            area.ToTable("ArchivedTicketAreas");
            area.HasKey(a => new { a.AreaKey, a.TicketId });
            area.Property(a => a.TicketId).HasMaxLength(ArchivedTicket.MaxIdLength);
            area.Property(a => a.AreaKey).HasMaxLength(ArchivedTicketArea.MaxKeyLength);
            area.HasIndex(a => a.TicketId);
        });
    }
}

public sealed class SqliteTicketArchiveStore(DbContextOptions<SqliteTicketArchiveStore> options) : TicketArchiveStore(options);

/// <summary>Ids compare byte by byte (collation C), as the index orders them, whatever the database's collation.</summary>
public sealed class PostgresTicketArchiveStore(DbContextOptions<PostgresTicketArchiveStore> options) : TicketArchiveStore(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<ArchivedTicket>().Property(t => t.Id).UseCollation("C");
        builder.Entity<ArchivedTicketArea>().Property(a => a.TicketId).UseCollation("C");
    }
}
