using System.Diagnostics;

namespace CommandCenter.TelemetryIngest.Telemetry;

/// <summary>
/// The activity source <c>CommandCenter.Ingest</c>: one device message is one trace, <c>ingest.message</c>, with a child
/// span per stage (<c>ingest.decode</c>, <c>ingest.spool</c>, <c>ingest.grain</c>). Without a listener (no OTLP endpoint)
/// <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null and each stage costs a null check. With one,
/// OpenTelemetry's SDK answers a root its sampler drops with an unrecorded activity (it keeps the trace context for
/// propagation); such a message starts no stage spans.
/// </summary>
public static class IngestTracing
{
    public const string SourceName = "CommandCenter.Ingest";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>A message's trace, or null when nobody listens or it is not sampled.</summary>
    public static Activity? StartMessage(string topic)
    {
        var trace = Source.StartActivity("ingest.message", ActivityKind.Consumer);
        trace?.SetTag("messaging.destination.name", topic);
        return trace;
    }

    /// <summary>One stage of a traced message; null (and no root of its own) when the message is not traced or not sampled.</summary>
    public static Activity? StartStage(Activity? message, string stage) => message is { Recorded: true } ? Source.StartActivity(stage) : null;
}
