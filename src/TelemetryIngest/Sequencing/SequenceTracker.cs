using System.Collections.Concurrent;
using CommandCenter.Protocol;

namespace CommandCenter.TelemetryIngest.Sequencing;

/// <summary>What the tracker knows of one device's stream (one topic kind).</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="Kind">The message kind (each topic has its own sequence).</param>
/// <param name="HighestSeq">The highest sequence number accepted.</param>
/// <param name="Duplicates">Messages dropped because their sequence number was already accepted.</param>
/// <param name="Missing">Sequence numbers skipped and not (yet) received.</param>
/// <param name="Resets">Times the sequence restarted far below the highest (a device reboot).</param>
public sealed record SequenceState(string DeviceId, MessageKind Kind, long HighestSeq, long Duplicates, long Missing, long Resets);

/// <summary>
/// Drops repeats of (device, topic kind, seq) and counts gaps. Remembers the last 64 sequence
/// numbers per stream, enough for QoS 1 redelivery and reordering; memory is bounded by the number
/// of streams. A repeat must also carry a timestamp no newer than the highest seen, so a device that
/// reboots and counts from 1 again is taken as a restart, not as a run of duplicates. State is in memory: after a restart a repeat can slip through once, which storage
/// tolerates (a repeated point overwrites itself; grains ignore reports older than their state).
/// </summary>
public sealed class SequenceTracker
{
    private const int Window = 64;
    private readonly ConcurrentDictionary<(string DeviceId, MessageKind Kind), Stream> _streams = new();

    public long TotalDuplicates => _streams.Values.Sum(s => s.Duplicates);

    public long TotalMissing => _streams.Values.Sum(s => s.Missing);

    /// <summary>True when this sequence number was accepted before. Sequence 0 ("not sequenced") never is.</summary>
    public bool IsDuplicate(IWireMessage message, MessageKind kind)
    {
        if (message.Seq == 0 || !_streams.TryGetValue((message.DeviceId, kind), out var stream))
        {
            return false;
        }

        lock (stream)
        {
            // A QoS 1 redelivery repeats the original's timestamp; a rebooted device counting from 1 again does not.
            var duplicate = stream.Contains(message.Seq) && message.Ts <= stream.HighestTs;
            if (duplicate)
            {
                stream.Duplicates++;
            }

            return duplicate;
        }
    }

    /// <summary>Records an accepted message; call after it was stored, so a failed attempt can be retried.</summary>
    public void MarkAccepted(IWireMessage message, MessageKind kind)
    {
        if (message.Seq == 0)
        {
            return;
        }

        var stream = _streams.GetOrAdd((message.DeviceId, kind), _ => new Stream());
        lock (stream)
        {
            stream.Mark(message.Seq, message.Ts);
        }
    }

    public IReadOnlyList<SequenceState> Snapshot() =>
        [.. _streams.Select(pair =>
        {
            lock (pair.Value)
            {
                return new SequenceState(pair.Key.DeviceId, pair.Key.Kind, pair.Value.Highest, pair.Value.Duplicates, pair.Value.Missing, pair.Value.Resets);
            }
        })];

    private sealed class Stream
    {
        // Bit i set: sequence number (Highest - i) was accepted.
        private ulong _seen;

        public long Highest { get; private set; }

        public DateTimeOffset HighestTs { get; private set; }

        public long Duplicates { get; set; }

        public long Missing { get; private set; }

        public long Resets { get; private set; }

        public bool Contains(long seq) =>
            Highest > 0 && seq <= Highest && Highest - seq < Window && (_seen & (1UL << (int)(Highest - seq))) != 0;

        public void Mark(long seq, DateTimeOffset ts)
        {
            var restarted = seq + Window < Highest || (seq <= Highest && ts > HighestTs);
            if (Highest == 0 || restarted)
            {
                Resets += Highest == 0 ? 0 : 1;
                Highest = seq;
                HighestTs = ts;
                _seen = 1;
            }
            else if (seq > Highest)
            {
                var advance = seq - Highest;
                Missing += advance - 1;
                _seen = advance >= Window ? 1 : (_seen << (int)advance) | 1;
                Highest = seq;
                HighestTs = ts;
            }
            else if (Highest - seq < Window && (_seen & (1UL << (int)(Highest - seq))) == 0)
            {
                // A late arrival fills a gap counted earlier.
                _seen |= 1UL << (int)(Highest - seq);
                Missing--;
            }
        }
    }
}
