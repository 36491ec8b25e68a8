using CommandCenter.TelemetryIngest.DeadLetters;
using CommandCenter.TelemetryIngest.Validation;

namespace CommandCenter.Ops;

/// <summary>What the operations page shows, read at <see cref="ReadAt"/>; a part that could not be read is named in <see cref="Unavailable"/>.</summary>
public sealed record OpsSnapshot(
    DateTimeOffset ReadAt,
    IngestFigures Ingest,
    IReadOnlyList<ReasonCount> RejectsByReason,
    IReadOnlyList<DeadLetter> NewestDeadLetters,
    SpoolFigures Spool,
    BrokerFigures Broker,
    IReadOnlyList<SiloFigures> Silos,
    FailedDeliveries FailedDeliveries,
    DiskUse Disk,
    IReadOnlyList<OpsPart> Unavailable);

/// <summary>The parts of the page that are read from elsewhere and can fail on their own.</summary>
public enum OpsPart
{
    Silos,
    Deliveries,
    Disk,
}

/// <summary>Ingest since this process started; rates per second over the time since the previous read, null on the first.</summary>
public sealed record IngestFigures(
    long Accepted,
    long Rejected,
    long Duplicates,
    long Overloaded,
    long PointsWritten,
    double? AcceptedPerSecond,
    double? RejectedPerSecond,
    double? WrittenPerSecond);

public sealed record ReasonCount(RejectReason Reason, long Count);

/// <summary>
/// The spool between ingest and InfluxDB. <see cref="WriteLag"/> is how long the oldest point not yet in InfluxDB
/// has waited (to within a second; zero when nothing waits); <see cref="LastWriteAt"/> when InfluxDB last took a batch.
/// </summary>
public sealed record SpoolFigures(long PendingLines, long PendingBytes, long MaxBytes, bool InfluxReachable, DateTimeOffset? LastWriteAt, TimeSpan? WriteLag);

/// <summary>
/// Where devices connect: the embedded broker (its open connections against its cap) or a client of an
/// external broker (which counts its own connections). Refused connects are this process's, by reason.
/// </summary>
public sealed record BrokerFigures(
    string Mode,
    bool Running,
    string Description,
    int? OpenConnections,
    int? MaxConnections,
    IReadOnlyList<ReasonCount> RefusedConnects);

/// <summary>One silo of the cluster's membership (its address as the Orleans Dashboard writes it), with its load when it is active and answered.</summary>
public sealed record SiloFigures(
    string Address,
    string Name,
    string HostName,
    string Status,
    bool IsThisSilo,
    DateTimeOffset StartedAt,
    DateTimeOffset LastAliveAt,
    SiloLoad? Load);

public sealed record SiloLoad(int Activations, float CpuPercent, long MemoryBytes, long AvailableMemoryBytes, bool Overloaded, long Clients, long ReceivedMessages, long SentMessages);

/// <summary>Notification deliveries given up after their last attempt: how many, and the newest.</summary>
public sealed record FailedDeliveries(int Total, IReadOnlyList<FailedDelivery> Newest);

/// <summary>A failed delivery as the page lists it (no phone, no payload).</summary>
public sealed record FailedDelivery(
    string Subject, string Step, string Channel, string? RecipientRole, string RecipientName, int Attempts, DateTime CreatedAt, DateTime? LastAttemptAt, string? Result);

/// <summary>The data folder's files by store, and the free space of its volume.</summary>
public sealed record DiskUse(string Folder, IReadOnlyList<StoreDisk> Stores, long? FreeBytes, long? TotalBytes);

public sealed record StoreDisk(DataStore Store, long Bytes, int Files);

/// <summary>What keeps files in the data folder.</summary>
public enum DataStore
{
    /// <summary><c>grains.db</c>: grain state (SQLite).</summary>
    Grains,

    /// <summary><c>commandcenter.db</c>: users, audit, records, the notification outbox (SQLite).</summary>
    Relational,

    /// <summary><c>deadletters.db</c>.</summary>
    DeadLetters,

    /// <summary><c>spool/</c>: points accepted and not yet in InfluxDB.</summary>
    Spool,

    /// <summary><c>influxdb/</c>: a local InfluxDB's data, when run.sh started it.</summary>
    InfluxDb,

    /// <summary><c>photos/</c>: case photos, when kept in the data folder (<c>Photos:Folder</c> unset).</summary>
    Photos,

    /// <summary>Everything else: the city, the device registry, keys, certificates, logs.</summary>
    Other,
}
