using System.Diagnostics;

namespace CommandCenter.TelemetryIngest.Telemetry;

/// <summary>
/// The activity source <c>CommandCenter.Ingest</c>: one device message is one trace, <c>ingest.message</c>, with a child
/// span per stage (<c>ingest.decode</c>, <c>ingest.spool</c>, <c>ingest.grain</c>, then <c>ingest.push</c> from the live
/// feed, <see cref="Grains.Live.PushTracing"/>). Whether a message is traced is decided before its activity exists
/// (<see cref="MessageTraceSampler"/>): without a listener, or for a message the sampler passes over, nothing is allocated
/// and each stage costs a null check.
/// </summary>
public static class IngestTracing
{
    public const string SourceName = "CommandCenter.Ingest";

    /// <summary>The root span of a device message; a tracer's sampler recognises an already sampled message by it.</summary>
    public const string MessageSpanName = "ingest.message";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>A message's trace, or null when nobody listens or the sampler passes over it.</summary>
    public static Activity? StartMessage(string topic, MessageTraceSampler sampler)
    {
        if (!Source.HasListeners() || !sampler.TakesThisMessage())
        {
            return null;
        }

        var trace = Source.StartActivity(MessageSpanName, ActivityKind.Consumer);
        trace?.SetTag("messaging.destination.name", topic);
        return trace;
    }

    /// <summary>One stage of a traced message; null (and no root of its own) when the message is not traced.</summary>
    public static Activity? StartStage(Activity? message, string stage) => message is { Recorded: true } ? Source.StartActivity(stage) : null;

    /// <summary>
    /// A stage that runs after its message's trace ended, such as a status applied to its grain after it was acknowledged:
    /// a child of the message named by its W3C id (<see cref="Activity.Id"/>).
    /// </summary>
    public static Activity? StartStageOf(string message, string stage) =>
        ActivityContext.TryParse(message, null, out var parent) ? Source.StartActivity(stage, ActivityKind.Internal, parent) : null;
}
