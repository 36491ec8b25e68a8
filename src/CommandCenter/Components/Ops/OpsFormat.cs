using System.Globalization;

namespace CommandCenter.Components.Ops;

/// <summary>How the operations page writes sizes, rates and durations (the same in both languages).</summary>
public static class OpsFormat
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB"];

    /// <summary><c>512 B</c>, <c>1.5 MiB</c>, <c>12.3 GiB</c>.</summary>
    public static string Bytes(long bytes)
    {
        var value = (double)bytes;
        var unit = 0;
        while (value >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? $"{bytes} B" : string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {Units[unit]}");
    }

    /// <summary>Per second with one decimal; a dash until there are two reads to tell it from.</summary>
    public static string Rate(double? perSecond) =>
        perSecond is { } value ? value.ToString("#,0.0", CultureInfo.InvariantCulture) : "—";

    public static string Count(long count) => count.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary><c>4 s</c>, <c>3 min 04 s</c>, <c>2 h 05 min</c>, <c>3 d 04 h</c>.</summary>
    public static string Duration(TimeSpan span)
    {
        span = span.Duration();
        return span.TotalMinutes < 1 ? $"{(int)span.TotalSeconds} s"
            : span.TotalHours < 1 ? $"{span.Minutes} min {span.Seconds:D2} s"
            : span.TotalDays < 1 ? $"{(int)span.TotalHours} h {span.Minutes:D2} min"
            : $"{(int)span.TotalDays} d {span.Hours:D2} h";
    }
}
