using System.Globalization;

namespace CommandCenter.Components.Firm;

/// <summary>How the firm console and the operator desk show times, and read what a person typed.</summary>
public static class ConsoleFormat
{
    /// <summary>A time of day in the city's zone, with the date when it is not today there.</summary>
    public static string Time(DateTimeOffset at, DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var today = TimeZoneInfo.ConvertTime(now, zone).Date;
        return local.ToString(local.Date == today ? "HH:mm:ss" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
    }

    /// <summary><c>12:34</c> left, or <c>+01:02</c> past the limit; hours appear when needed.</summary>
    public static string Countdown(DateTimeOffset due, DateTimeOffset now)
    {
        var left = due - now;
        var span = left.Duration();
        var text = span.TotalHours >= 1
            ? $"{(int)span.TotalHours}:{span.Minutes:D2}:{span.Seconds:D2}"
            : $"{span.Minutes:D2}:{span.Seconds:D2}";
        return left < TimeSpan.Zero ? "+" + text : text;
    }

    /// <summary>What a person typed, trimmed; null when they typed nothing.</summary>
    public static string? Typed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
