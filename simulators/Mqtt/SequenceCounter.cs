using CommandCenter.Protocol;

namespace CommandCenter.Simulators.Mqtt;

/// <summary>
/// The per-topic sequence numbers of one device: each kind of message counts up by one from
/// <paramref name="start"/>. Shared by a device's model and its connection (which sends presence).
/// Not thread-safe: a device produces its messages on one logical thread.
/// </summary>
public sealed class SequenceCounter(long start = 0)
{
    private readonly long[] _last = Enumerable.Repeat(start, Enum.GetValues<MessageKind>().Length).ToArray();

    /// <summary>
    /// A start that a restarted simulator has not used before (start time in Unix seconds × 1000),
    /// so ingest's deduplication by (device, topic, seq) does not take a new run for a replay.
    /// Leaves room for 1,000 messages per second per device and topic between two runs.
    /// </summary>
    public static long StartFor(DateTimeOffset runStart) => runStart.ToUnixTimeSeconds() * 1000;

    public long Next(MessageKind kind) => ++_last[(int)kind];
}
