using System.Diagnostics.Metrics;
using CommandCenter.TelemetryIngest.Broker.Listener;
using CommandCenter.TelemetryIngest.DeadLetters;
using CommandCenter.TelemetryIngest.Journal;
using CommandCenter.TelemetryIngest.Pipeline;
using CommandCenter.TelemetryIngest.Sequencing;
using CommandCenter.TelemetryIngest.Storage;
using CommandCenter.TelemetryIngest.Validation;

namespace CommandCenter.TelemetryIngest.Telemetry;

/// <summary>
/// The meter <c>CommandCenter.Ingest</c>. The counts ingest already keeps (those behind <c>/api/ingest/stats</c>)
/// are observed when a reader collects, not counted a second time; only the PUBACK latency is recorded per message.
/// </summary>
public sealed class IngestMetrics
{
    public const string MeterName = "CommandCenter.Ingest";

    /// <summary>From half a millisecond (a message that waited for nothing but its fsync) to seconds (InfluxDB down, a slow grain).</summary>
    private static readonly double[] LatencyBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Histogram<double> _puback;

    public IngestMetrics(
        IMeterFactory meters,
        IngestPipeline pipeline,
        DeadLetterStore deadLetters,
        SequenceTracker sequences,
        IngestJournal journal,
        TimeSeriesWriter writer,
        IEnumerable<MqttConnectionAdmission> embeddedBroker)
    {
        var meter = meters.Create(MeterName);
        // Only the embedded broker has device connections of its own; behind an external broker, that broker counts them.
        if (embeddedBroker.FirstOrDefault() is { } admission)
        {
            meter.CreateObservableGauge("commandcenter.broker.connections", () => admission.OpenConnections, "{connection}",
                "MQTT connections open on the embedded broker, signed in or not.");
            meter.CreateObservableGauge("commandcenter.broker.connection_limit", () => admission.MaxConnections, "{connection}",
                "The cap on MQTT connections (Mqtt:Limits:MaxConnections, lowered to fit the open-file limit).");
        }

        meter.CreateObservableCounter("commandcenter.ingest.accepted", () => pipeline.Accepted, "{message}",
            "Messages durably accepted: spooled and applied to their grain.");
        meter.CreateObservableCounter("commandcenter.ingest.rejected", () => ByReason(deadLetters.MessagesRefusedSinceStart), "{message}",
            "Messages refused and dead-lettered, by reason.");
        meter.CreateObservableCounter("commandcenter.ingest.duplicates", () => sequences.TotalDuplicates, "{message}",
            "Repeats of an accepted (device, topic, sequence number), dropped and acknowledged.");
        meter.CreateObservableGauge("commandcenter.ingest.sequence.missing", () => sequences.TotalMissing, "{message}",
            "Sequence numbers devices skipped that have not arrived since (gaps).");
        meter.CreateObservableCounter("commandcenter.ingest.overloaded", () => pipeline.Overloaded, "{message}",
            "Valid messages turned away because the spool was full.");
        meter.CreateObservableCounter("commandcenter.ingest.refused_connects", () => ByReason(deadLetters.ConnectionsRefusedSinceStart), "{connection}",
            "MQTT connections refused or dropped before signing in, by reason.");
        meter.CreateObservableGauge("commandcenter.ingest.spool.size", () => journal.PendingBytes, "By",
            "Bytes in the spool waiting for InfluxDB.");
        meter.CreateObservableGauge("commandcenter.ingest.spool.points", () => journal.PendingLines, "{point}",
            "Points in the spool waiting for InfluxDB.");
        meter.CreateObservableGauge("commandcenter.ingest.spool.oldest_age", () => journal.OldestPendingAge.TotalSeconds, "s",
            "How long the oldest point not yet in InfluxDB has waited: InfluxDB's write lag (0 when it keeps up).");
        meter.CreateObservableCounter("commandcenter.ingest.influx.points_written", () => writer.PointsWritten, "{point}",
            "Points written to InfluxDB.");
        meter.CreateObservableCounter("commandcenter.ingest.influx.write_failures", () => writer.WriteFailures, "{attempt}",
            "Writes to InfluxDB that failed (unreachable, timed out or refused); the points stay in the spool.");
        meter.CreateObservableGauge("commandcenter.ingest.influx.reachable", () => writer.IsStoreReachable ? 1 : 0, "1",
            "1 while writes to InfluxDB succeed, 0 from a failed write until the next good one.");
        _puback = meter.CreateHistogram(
            "commandcenter.ingest.puback.duration", "s",
            "From a publish reaching ingest to its PUBACK decision (decode, spool fsync, grain), by result.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
    }

    /// <summary>One message's time to its PUBACK.</summary>
    public void RecordPuback(TimeSpan elapsed, IngestResult result) =>
        _puback.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("result", ResultTag(result)));

    private static string ResultTag(IngestResult result) => result switch
    {
        IngestResult.Accepted => "accepted",
        IngestResult.Duplicate => "duplicate",
        IngestResult.Rejected => "rejected",
        IngestResult.NotAuthorized => "not_authorized",
        _ => "overloaded",
    };

    private static IEnumerable<Measurement<long>> ByReason(IEnumerable<KeyValuePair<RejectReason, long>> counts) =>
        counts.Select(pair => new Measurement<long>(pair.Value, new KeyValuePair<string, object?>("reason", pair.Key.ToString())));
}
