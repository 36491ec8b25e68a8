using System.Globalization;

namespace CommandCenter.Assessment;

/// <summary>What kind of window a KPI figure covers.</summary>
public enum WindowKind
{
    Day,
    Week,
    Month,
    Custom,
}

/// <summary>
/// A half-open interval [<see cref="From"/>, <see cref="To"/>) of instants. Days, ISO weeks and calendar months start at
/// local midnight in the city's time zone (<c>Duties:TimeZone</c>), so a month in Yinchuan starts at 16:00 UTC the day before.
/// </summary>
public sealed record AssessmentWindow(WindowKind Kind, string Label, DateTimeOffset From, DateTimeOffset To)
{
    public TimeSpan Length => To - From;

    /// <summary>A calendar month of the city.</summary>
    public static AssessmentWindow Month(int year, int month, TimeZoneInfo zone)
    {
        var first = new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        return new AssessmentWindow(WindowKind.Month, first.ToString("yyyy-MM", CultureInfo.InvariantCulture), AtMidnight(first, zone), AtMidnight(first.AddMonths(1), zone));
    }

    /// <summary>The month of an instant, in the city's zone.</summary>
    public static AssessmentWindow MonthOf(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        return Month(local.Year, local.Month, zone);
    }

    public static AssessmentWindow DayOf(DateTimeOffset at, TimeZoneInfo zone)
    {
        var day = TimeZoneInfo.ConvertTime(at, zone).Date;
        return new AssessmentWindow(WindowKind.Day, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), AtMidnight(day, zone), AtMidnight(day.AddDays(1), zone));
    }

    /// <summary>The ISO week (Monday to Sunday) of an instant, in the city's zone.</summary>
    public static AssessmentWindow WeekOf(DateTimeOffset at, TimeZoneInfo zone)
    {
        var day = TimeZoneInfo.ConvertTime(at, zone).Date;
        var monday = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
        var label = string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(monday)}-W{ISOWeek.GetWeekOfYear(monday):D2}");
        return new AssessmentWindow(WindowKind.Week, label, AtMidnight(monday, zone), AtMidnight(monday.AddDays(7), zone));
    }

    /// <summary>The month before this one (for a month), or the window of the same length just before it.</summary>
    public AssessmentWindow Previous(TimeZoneInfo zone)
    {
        if (Kind == WindowKind.Month)
        {
            var local = TimeZoneInfo.ConvertTime(From, zone).AddMonths(-1);
            return Month(local.Year, local.Month, zone);
        }

        if (Kind == WindowKind.Day)
        {
            return DayOf(From.AddHours(-12), zone);
        }

        if (Kind == WindowKind.Week)
        {
            return WeekOf(From.AddDays(-3), zone);
        }

        return new AssessmentWindow(WindowKind.Custom, LabelOf(From - Length, From, zone), From - Length, From);
    }

    /// <summary>The month after this month.</summary>
    public AssessmentWindow NextMonth(TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(From, zone).AddMonths(1);
        return Month(local.Year, local.Month, zone);
    }

    /// <summary>Parses <c>YYYY-MM</c> (a month of the Gregorian calendar from year 2000 to 2999).</summary>
    public static bool TryParseMonth(string? text, TimeZoneInfo zone, out AssessmentWindow window)
    {
        window = default!;
        if (text is null || !DateTime.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) || month.Year is < 2000 or > 2999)
        {
            return false;
        }

        window = Month(month.Year, month.Month, zone);
        return true;
    }

    /// <summary>A custom range between two local dates, both included (<c>2026-11-03</c> to <c>2026-11-09</c>).</summary>
    public static AssessmentWindow Custom(DateOnly from, DateOnly to, TimeZoneInfo zone)
    {
        var start = AtMidnight(from.ToDateTime(TimeOnly.MinValue), zone);
        var end = AtMidnight(to.AddDays(1).ToDateTime(TimeOnly.MinValue), zone);
        return new AssessmentWindow(WindowKind.Custom, LabelOf(start, end, zone), start, end);
    }

    private static string LabelOf(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone) =>
        string.Create(CultureInfo.InvariantCulture, $"{TimeZoneInfo.ConvertTime(from, zone):yyyy-MM-dd}..{TimeZoneInfo.ConvertTime(to, zone).AddDays(-1):yyyy-MM-dd}");

    private static DateTimeOffset AtMidnight(DateTime localDate, TimeZoneInfo zone)
    {
        var local = DateTime.SpecifyKind(localDate.Date, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
