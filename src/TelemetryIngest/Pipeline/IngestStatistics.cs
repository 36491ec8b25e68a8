namespace CommandCenter.TelemetryIngest.Pipeline;

/// <summary>Counters an operator reads at /api/ingest/stats.</summary>
public sealed record IngestStatistics(
    long Accepted,
    long Rejected,
    long StaleIgnored,
    long PointsWritten,
    long PointsPending,
    bool InfluxReachable,
    IReadOnlyDictionary<string, long> RejectedByReason);
