namespace CommandCenter.TelemetryIngest.Storage;

/// <summary>One floor reading of an elevator, read back from the time series.</summary>
public sealed record ElevatorHistoryPoint(DateTimeOffset Time, int Floor, long Seq);

/// <summary>
/// How long one part of the time series is kept (a 1.x retention policy), and the start of the oldest shard
/// InfluxDB still holds for it: no point in it is older. InfluxDB drops expired shards on its own schedule.
/// </summary>
public sealed record SeriesRetention(string Policy, TimeSpan Keep, DateTimeOffset? OldestKept);

/// <summary>The time-series store, whichever InfluxDB version serves it.</summary>
public interface ITimeSeriesStore
{
    /// <summary>
    /// Creates the database if missing, with its retention policies and rollups where the version supports them;
    /// throws while the server is unreachable.
    /// </summary>
    Task EnsureReadyAsync(CancellationToken cancellationToken);

    /// <summary>Writes points given in line protocol; throws when the server did not accept them.</summary>
    Task WriteAsync(IReadOnlyList<string> lines, CancellationToken cancellationToken);

    /// <summary>True when the server answers its ping.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Floors of one elevator between two instants, oldest first: every point while the window lies within the raw
    /// retention, else one a minute from the rollups where raw points may be gone.
    /// </summary>
    Task<IReadOnlyList<ElevatorHistoryPoint>> ReadElevatorHistoryAsync(
        string deviceId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>The retention of each part of the series this service manages; empty where InfluxDB's own settings rule.</summary>
    Task<IReadOnlyList<SeriesRetention>> ReadRetentionAsync(CancellationToken cancellationToken);
}
