using CommandCenter.Grains.Abstractions;
using CommandCenter.TelemetryIngest.Storage;

namespace CommandCenter.Wall;

/// <summary>
/// The city's elevator faults per hour over the last day: the hours read from the time series, plus
/// the alarms heard live since that read (the live tail), so the current hour's bar grows the moment
/// an alarm opens instead of at the next read. Bounded: only the window's hours and the alarms
/// heard since the last read are kept.
/// </summary>
public sealed class FaultsPerHour
{
    public const int Hours = 24;

    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private readonly Dictionary<DateTimeOffset, long> _read = [];
    private readonly Dictionary<string, DateTimeOffset> _heard = new(StringComparer.Ordinal);
    private DateTimeOffset? _readAt;

    /// <summary>Grows whenever the bars change.</summary>
    public long Version { get; private set; }

    /// <summary>Takes a fresh read; alarms heard before it are in it now, later ones stay on top.</summary>
    public void Load(IReadOnlyList<HourlyCount> hours, DateTimeOffset readAt)
    {
        _read.Clear();
        foreach (var hour in hours)
        {
            _read[hour.Hour] = hour.Count;
        }

        _readAt = readAt;
        foreach (var id in _heard.Where(pair => pair.Value < readAt).Select(pair => pair.Key).ToList())
        {
            _heard.Remove(id);
        }

        Version++;
    }

    /// <summary>Counts an alarm heard live once, if it opened after the last read; returns whether the bars changed.</summary>
    public bool Hear(AlarmSnapshot alarm)
    {
        if (_readAt is not { } readAt || alarm.OccurredAt < readAt || !_heard.TryAdd(alarm.Id, alarm.OccurredAt))
        {
            return false;
        }

        Version++;
        return true;
    }

    /// <summary>The last <see cref="Hours"/> hours up to the one holding <paramref name="now"/>, as [hour start in epoch ms, faults].</summary>
    public IReadOnlyList<double[]> Points(DateTimeOffset now)
    {
        var current = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % Hour.Ticks), TimeSpan.Zero);
        var live = _heard.Values.GroupBy(at => new DateTimeOffset(at.UtcTicks - (at.UtcTicks % Hour.Ticks), TimeSpan.Zero)).ToDictionary(g => g.Key, g => g.Count());
        return [.. Enumerable.Range(0, Hours)
            .Select(i => current - (Hour * (Hours - 1 - i)))
            .Select(hour => new double[] { hour.ToUnixTimeMilliseconds(), _read.GetValueOrDefault(hour) + live.GetValueOrDefault(hour) })];
    }
}
