using System.Collections.Concurrent;
using CommandCenter.TelemetryIngest.Validation;
using Microsoft.Extensions.Logging;

namespace CommandCenter.TelemetryIngest.DeadLetters;

/// <summary>
/// Keeps the newest rejected messages (a bounded ring) and a count per reason since start.
/// Logging is throttled per reason so a misbehaving device cannot flood the log.
/// </summary>
public sealed class DeadLetterStore(TimeProvider time, ILogger<DeadLetterStore> logger)
{
    public const int Capacity = 10_000;
    public const int ExcerptChars = 256;
    private static readonly TimeSpan LogWindow = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly DeadLetter?[] _ring = new DeadLetter?[Capacity];
    private readonly ConcurrentDictionary<RejectReason, long> _counts = new();
    private readonly ConcurrentDictionary<RejectReason, (DateTimeOffset WindowStart, long Suppressed)> _logWindows = new();
    private long _total;

    public long Total => Interlocked.Read(ref _total);

    public void Add(DecodeResult rejection, string topic, string? clientId, ReadOnlySpan<byte> payload)
    {
        var letter = new DeadLetter(
            time.GetUtcNow(),
            rejection.Reason,
            rejection.Detail,
            Excerpt.Of(topic, ExcerptChars),
            clientId,
            rejection.DeviceId,
            payload.Length,
            Excerpt.Of(payload, ExcerptChars));

        lock (_gate)
        {
            _ring[_total % Capacity] = letter;
            _total++;
        }

        _counts.AddOrUpdate(letter.Reason, 1, (_, n) => n + 1);
        Log(letter);
    }

    /// <summary>The newest dead letters first, optionally of one reason.</summary>
    public IReadOnlyList<DeadLetter> Newest(int limit, RejectReason? reason = null)
    {
        lock (_gate)
        {
            var result = new List<DeadLetter>(Math.Min(limit, Capacity));
            for (var i = _total - 1; i >= 0 && i >= _total - Capacity && result.Count < limit; i--)
            {
                var letter = _ring[i % Capacity]!;
                if (reason is null || letter.Reason == reason)
                {
                    result.Add(letter);
                }
            }

            return result;
        }
    }

    public IReadOnlyDictionary<RejectReason, long> CountsByReason() => _counts.ToDictionary();

    private void Log(DeadLetter letter)
    {
        var window = _logWindows.GetOrAdd(letter.Reason, (DateTimeOffset.MinValue, 0));
        if (letter.At - window.WindowStart < LogWindow)
        {
            _logWindows[letter.Reason] = window with { Suppressed = window.Suppressed + 1 };
            return;
        }

        _logWindows[letter.Reason] = (letter.At, 0);
        logger.LogWarning(
            "Rejected message on {Topic} from {ClientId}: {Reason} — {Detail}",
            letter.Topic, letter.ClientId, letter.Reason, letter.Detail);
        if (window.Suppressed > 0)
        {
            logger.LogWarning("{Suppressed} more {Reason} rejects in the previous {Window} were counted but not logged",
                window.Suppressed, letter.Reason, LogWindow);
        }
    }
}
