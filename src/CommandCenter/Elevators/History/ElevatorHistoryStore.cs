using Microsoft.EntityFrameworkCore;

namespace CommandCenter.Elevators.History;

/// <summary>
/// One duty record as it was filed (日管控 daily check, 周排查 weekly investigation, 月调度 monthly minutes,
/// maintenance), whole in <see cref="Body"/> (the protocol's JSON), with the columns the ledger pages by.
/// </summary>
public sealed class KeptDutyRecord
{
    public const int MaxKeyLength = 300;
    public const int MaxIdLength = 128;
    public const int MaxPeriodLength = 32;
    public const int MaxActorLength = 128;

    public long Id { get; set; }

    /// <summary>Kind, publisher, sequence number and time: unique per record, so keeping it again adds nothing.</summary>
    public string Key { get; set; } = "";

    public DutyRecordKind Kind { get; set; }

    /// <summary>The elevator the record is about; the user unit for monthly minutes.</summary>
    public string SubjectId { get; set; } = "";

    /// <summary>The safety app or device that filed it.</summary>
    public string DeviceId { get; set; } = "";

    public long Seq { get; set; }

    /// <summary>When it was filed (UTC; a <see cref="DateTime"/>, which SQLite orders and compares).</summary>
    public DateTime FiledAt { get; set; }

    /// <summary>The day, ISO week, month or maintenance type it covers: <c>2026-12-05</c>, <c>2026-W49</c>, <c>2026-12</c>, <c>quarterly</c>.</summary>
    public string Period { get; set; } = "";

    /// <summary>The safety officer, safety director, unit principal or technician who filed it.</summary>
    public string Actor { get; set; } = "";

    /// <summary>Risks found, hazards found, or maintenance items done.</summary>
    public int Findings { get; set; }

    /// <summary>A maintenance record lacking required items, or a weekly investigation with a serious hazard left unfixed.</summary>
    public bool Flagged { get; set; }

    /// <summary>The record as filed, in the protocol's JSON.</summary>
    public string Body { get; set; } = "";

    /// <summary>The required maintenance items the record lacks, as a JSON array; empty for the other kinds.</summary>
    public string MissingItems { get; set; } = "[]";
}

public enum DutyRecordKind
{
    Daily,
    Weekly,
    Monthly,
    Maintenance,
}

/// <summary>A completed or dismissed alarm, whole in <see cref="Body"/>, with the columns the ledger filters and pages by.</summary>
public sealed class KeptAlarm
{
    public const int MaxIdLength = 200;
    public const int MaxShortLength = 32;

    public string Id { get; set; } = "";

    public string ElevatorId { get; set; } = "";

    public string Code { get; set; } = "";

    public string Status { get; set; } = "";

    public string Source { get; set; } = "";

    public string? GridId { get; set; }

    public string? DistrictId { get; set; }

    /// <summary>The firm it was last dispatched to: the one that answers for it, and the one firm that sees it.</summary>
    public string? FirmId { get; set; }

    public DateTime OccurredAt { get; set; }

    /// <summary>The time of its last step.</summary>
    public DateTime ClosedAt { get; set; }

    public bool ArrivalLimitMissed { get; set; }

    /// <summary>The alarm with its dispatches, steps and caller, as JSON.</summary>
    public string Body { get; set; } = "";
}

/// <summary>
/// The elevators' history (EF Core): duty records and closed alarms. One subclass per engine carries that
/// engine's migrations: <see cref="SqliteElevatorHistoryStore"/> and <see cref="PostgresElevatorHistoryStore"/>.
/// </summary>
public abstract class ElevatorHistoryStore(DbContextOptions options) : DbContext(options)
{
    public const string Name = "elevator-history";

    public DbSet<KeptDutyRecord> DutyRecords => Set<KeptDutyRecord>();

    public DbSet<KeptAlarm> Alarms => Set<KeptAlarm>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        builder.Entity<KeptDutyRecord>(record =>
        {
            record.ToTable("DutyRecords");
            record.Property(r => r.Key).HasMaxLength(KeptDutyRecord.MaxKeyLength);
            record.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
            record.Property(r => r.SubjectId).HasMaxLength(KeptDutyRecord.MaxIdLength);
            record.Property(r => r.DeviceId).HasMaxLength(KeptDutyRecord.MaxIdLength);
            record.Property(r => r.Period).HasMaxLength(KeptDutyRecord.MaxPeriodLength);
            record.Property(r => r.Actor).HasMaxLength(KeptDutyRecord.MaxActorLength);
            record.HasIndex(r => r.Key).IsUnique();
            record.HasIndex(r => new { r.SubjectId, r.Kind, r.FiledAt });
            record.HasIndex(r => new { r.SubjectId, r.FiledAt });
        });
        builder.Entity<KeptAlarm>(alarm =>
        {
            alarm.ToTable("ClosedAlarms");
            alarm.HasKey(a => a.Id);
            alarm.Property(a => a.Id).HasMaxLength(KeptAlarm.MaxIdLength);
            alarm.Property(a => a.ElevatorId).HasMaxLength(KeptDutyRecord.MaxIdLength);
            alarm.Property(a => a.Code).HasMaxLength(KeptAlarm.MaxShortLength);
            alarm.Property(a => a.Status).HasMaxLength(KeptAlarm.MaxShortLength);
            alarm.Property(a => a.Source).HasMaxLength(KeptAlarm.MaxShortLength);
            alarm.Property(a => a.GridId).HasMaxLength(KeptDutyRecord.MaxIdLength);
            alarm.Property(a => a.DistrictId).HasMaxLength(KeptDutyRecord.MaxIdLength);
            alarm.Property(a => a.FirmId).HasMaxLength(KeptDutyRecord.MaxIdLength);
            alarm.HasIndex(a => new { a.ElevatorId, a.OccurredAt });
            alarm.HasIndex(a => a.ClosedAt);
        });
    }
}

public sealed class SqliteElevatorHistoryStore(DbContextOptions<SqliteElevatorHistoryStore> options) : ElevatorHistoryStore(options);

public sealed class PostgresElevatorHistoryStore(DbContextOptions<PostgresElevatorHistoryStore> options) : ElevatorHistoryStore(options);
