namespace CommandCenter.TelemetryIngest.Storage;

/// <summary>One floor reading of an elevator, read back from the time series.</summary>
public sealed record ElevatorHistoryPoint(DateTimeOffset Time, int Floor, long Seq);

/// <summary>The time-series store, whichever InfluxDB version serves it.</summary>
public interface ITimeSeriesStore
{
    /// <summary>Creates the database if missing; throws while the server is unreachable.</summary>
    Task EnsureReadyAsync(CancellationToken cancellationToken);

    /// <summary>Writes points given in line protocol; throws when the server did not accept them.</summary>
    Task WriteAsync(IReadOnlyList<string> lines, CancellationToken cancellationToken);

    /// <summary>True when the server answers its ping.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);

    /// <summary>Floors of one elevator between two instants, oldest first.</summary>
    Task<IReadOnlyList<ElevatorHistoryPoint>> ReadElevatorHistoryAsync(
        string deviceId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}
