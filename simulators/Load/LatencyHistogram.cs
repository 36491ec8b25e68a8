using System.Diagnostics;
using System.Numerics;

namespace CommandCenter.Simulators.Load;

/// <summary>
/// Latencies in microseconds in fixed log-linear buckets (the HdrHistogram layout): values below 128 µs
/// are exact, larger ones within 1/64 (1.6 %). Memory is fixed (~30 KB) however many samples are
/// recorded; recording is lock-free and safe from concurrent publishes.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBucketBits = 6;
    private const int SubBuckets = 1 << SubBucketBits;
    private const int ExactBelow = 2 * SubBuckets;
    private const int BucketCount = ExactBelow + ((63 - SubBucketBits - 1) * SubBuckets);

    private readonly long[] _counts = new long[BucketCount];
    private long _count;
    private long _max;

    public long Count => Interlocked.Read(ref _count);

    public long MaxMicroseconds => Interlocked.Read(ref _max);

    public void Record(long microseconds)
    {
        var value = Math.Max(0, microseconds);
        Interlocked.Increment(ref _counts[IndexOf(value)]);
        Interlocked.Increment(ref _count);
        var max = Interlocked.Read(ref _max);
        while (value > max)
        {
            var seen = Interlocked.CompareExchange(ref _max, value, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    /// <summary>Records the time between two <see cref="Stopwatch.GetTimestamp"/> readings.</summary>
    public void RecordElapsed(long startTimestamp, long endTimestamp) =>
        Record((long)((endTimestamp - startTimestamp) * (1_000_000.0 / Stopwatch.Frequency)));

    /// <summary>
    /// The nearest-rank percentile: the smallest recorded value (to bucket precision, never above the
    /// maximum) that at least <paramref name="percentile"/> % of the samples do not exceed; 0 when empty.
    /// </summary>
    public long Percentile(double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(percentile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        var count = Count;
        if (count == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100 * count));
        long seen = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return Math.Min(HighestIn(i), MaxMicroseconds);
            }
        }

        return MaxMicroseconds;
    }

    private static int IndexOf(long value)
    {
        if (value < ExactBelow)
        {
            return (int)value;
        }

        // Shift so that the top bits fall in [SubBuckets, 2*SubBuckets): one row of buckets per power of two.
        var shift = 63 - BitOperations.LeadingZeroCount((ulong)value) - SubBucketBits;
        return ExactBelow + ((shift - 1) * SubBuckets) + (int)(value >> shift) - SubBuckets;
    }

    private static long HighestIn(int index)
    {
        if (index < ExactBelow)
        {
            return index;
        }

        var shift = ((index - ExactBelow) / SubBuckets) + 1;
        var top = ((index - ExactBelow) % SubBuckets) + SubBuckets;
        return ((long)(top + 1) << shift) - 1;
    }
}
