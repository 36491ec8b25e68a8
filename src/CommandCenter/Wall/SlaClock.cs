using System.Globalization;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Protocol;

namespace CommandCenter.Wall;

/// <summary>Where an alarm stands against the firm's arrival limit.</summary>
public enum SlaPhase
{
    /// <summary>The fault has no arrival limit (only trapped passengers do).</summary>
    NoLimit,

    /// <summary>The firm still has time.</summary>
    Running,

    /// <summary>Less than <see cref="SlaClock.ClosingWindow"/> left.</summary>
    Closing,

    /// <summary>A firm missed its limit: the current one, or an earlier one before the re-dispatch.</summary>
    Missed,

    /// <summary>The technician is on site.</summary>
    OnSite,
}

/// <summary>An alarm's arrival clock: its phase and the time left (negative once past the limit).</summary>
public readonly record struct SlaStatus(SlaPhase Phase, TimeSpan? Remaining);

/// <summary>Elapsed time and the arrival countdown of an alarm, as the wall shows them.</summary>
public static class SlaClock
{
    public static readonly TimeSpan ClosingWindow = TimeSpan.FromMinutes(5);

    public static SlaStatus Of(AlarmSnapshot alarm, DateTimeOffset now)
    {
        if (alarm.Status == AlarmStatus.Arrived)
        {
            return new(alarm.ArrivalLimitMissed ? SlaPhase.Missed : SlaPhase.OnSite, null);
        }

        if (alarm.ArrivalDueAt is not { } due)
        {
            return new(alarm.ArrivalLimitMissed ? SlaPhase.Missed : SlaPhase.NoLimit, null);
        }

        var remaining = due - now;
        var phase = remaining <= TimeSpan.Zero || alarm.ArrivalLimitMissed ? SlaPhase.Missed
            : remaining <= ClosingWindow ? SlaPhase.Closing
            : SlaPhase.Running;
        return new(phase, remaining);
    }

    /// <summary>How long since the alarm occurred; never negative, whatever the device clock said.</summary>
    public static TimeSpan Elapsed(AlarmSnapshot alarm, DateTimeOffset now) =>
        now > alarm.OccurredAt ? now - alarm.OccurredAt : TimeSpan.Zero;

    /// <summary>When the technician arrived after the alarm, if they have.</summary>
    public static TimeSpan? ArrivedAfter(AlarmSnapshot alarm) =>
        alarm.Steps.LastOrDefault(step => step.Status == AlarmStatus.Arrived) is { } arrived ? arrived.At - alarm.OccurredAt : null;

    /// <summary>A stopwatch reading: <c>mm:ss</c> under an hour, <c>h:mm:ss</c> from then on; the sign is dropped.</summary>
    public static string Format(TimeSpan span)
    {
        var whole = TimeSpan.FromSeconds(Math.Floor(Math.Abs(span.TotalSeconds)));
        return whole.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)whole.TotalHours}:{whole.Minutes:00}:{whole.Seconds:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{whole.Minutes:00}:{whole.Seconds:00}");
    }
}
