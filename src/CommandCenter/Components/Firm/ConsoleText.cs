using System.Globalization;
using CommandCenter.Grains.Abstractions;

namespace CommandCenter.Components.Firm;

/// <summary>Bilingual labels, time formats and input handling shared by the firm console and the operator desk.</summary>
public static class ConsoleText
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

    public static string Status(AlarmStatus status) => status switch
    {
        AlarmStatus.Occurred => "待响应 Occurred",
        AlarmStatus.Responded => "已响应 Responded",
        AlarmStatus.Arrived => "已到场 Arrived",
        AlarmStatus.Completed => "已完成 Completed",
        _ => "误报 False alarm",
    };

    public static string Action(AlarmAction action) => action switch
    {
        AlarmAction.Respond => "响应 Acknowledge",
        AlarmAction.Arrive => "到场 Arrived",
        AlarmAction.Complete => "完成 Completed",
        _ => "误报 False alarm",
    };

    public static string Severity(AlarmSeverity severity) => severity switch
    {
        AlarmSeverity.Critical => "紧急 Critical",
        AlarmSeverity.Major => "重要 Major",
        _ => "一般 Minor",
    };

    public static string Duty(DutyStatus status) => status switch
    {
        DutyStatus.Normal => "正常 Normal",
        DutyStatus.DueSoon => "提示 Due soon",
        _ => "逾期 Overdue",
    };

    /// <summary>What a person typed, trimmed; null when they typed nothing.</summary>
    public static string? Typed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
