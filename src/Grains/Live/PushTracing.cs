using System.Diagnostics;
using Orleans.Runtime;

namespace CommandCenter.Grains.Live;

/// <summary>
/// The last stage of a traced device message, <c>ingest.push</c>: its change leaving for every silo's live observer. The
/// ingest pipeline names the message's trace in the request context of its grain call; the elevator grain hands its
/// change to the silo's <see cref="LiveChangeBuffer"/> within that call, so the buffer finds the trace beside the change,
/// keeps it with the pending change and opens the span when the batch goes out. Untraced messages put nothing in the
/// request context.
/// </summary>
public static class PushTracing
{
    public const string SourceName = "CommandCenter.Live";

    public const string PushSpanName = "ingest.push";

    private const string MessageKey = "cc.trace.message";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>Names a recorded message in the request context of the grain calls made while the scope lasts; nothing otherwise.</summary>
    public static IDisposable? Carry(Activity? message) => Carry(message is { Recorded: true } ? message.Id : null);

    /// <summary>Names a recorded message by its W3C id, for a grain call made after the message's own trace ended; nothing for null.</summary>
    public static IDisposable? Carry(string? message)
    {
        if (message is null)
        {
            return null;
        }

        RequestContext.Set(MessageKey, message);
        return new Carried();
    }

    /// <summary>The traced message whose grain call this is, as a W3C trace parent; null for an untraced one.</summary>
    public static string? CarriedMessage() => RequestContext.Get(MessageKey) as string;

    /// <summary>The push of a traced message's change, a child of the message's trace.</summary>
    public static Activity? StartPush(string message, int batchSize)
    {
        if (!ActivityContext.TryParse(message, null, out var parent))
        {
            return null;
        }

        var push = Source.StartActivity(PushSpanName, ActivityKind.Producer, parent);
        push?.SetTag("commandcenter.live.batch", batchSize);
        return push;
    }

    private sealed class Carried : IDisposable
    {
        public void Dispose() => RequestContext.Remove(MessageKey);
    }
}
