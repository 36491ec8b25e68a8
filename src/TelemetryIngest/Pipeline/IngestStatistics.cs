namespace CommandCenter.TelemetryIngest.Pipeline;

/// <summary>Counters an operator reads at /api/ingest/stats (since the process started, except where noted).</summary>
/// <param name="Accepted">Messages durably accepted.</param>
/// <param name="Rejected">Messages refused (all time; see /api/deadletters).</param>
/// <param name="Duplicates">Repeats of an accepted (device, topic, seq), dropped and acknowledged.</param>
/// <param name="MissingSequenceNumbers">Sequence numbers skipped by devices and not received since.</param>
/// <param name="Overloaded">Valid messages turned away because the spool was full.</param>
/// <param name="StaleIgnored">Accepted reports older than the live state (kept in the history only).</param>
/// <param name="PointsWritten">Points written to InfluxDB.</param>
/// <param name="PointsSpooled">Points on disk waiting for InfluxDB.</param>
/// <param name="SpoolBytes">Bytes on disk waiting for InfluxDB.</param>
/// <param name="InfluxReachable">False while writes to InfluxDB fail.</param>
/// <param name="RejectedByReason">Refusals per reason (all time).</param>
public sealed record IngestStatistics(
    long Accepted,
    long Rejected,
    long Duplicates,
    long MissingSequenceNumbers,
    long Overloaded,
    long StaleIgnored,
    long PointsWritten,
    long PointsSpooled,
    long SpoolBytes,
    bool InfluxReachable,
    IReadOnlyDictionary<string, long> RejectedByReason);
