using System.Globalization;
using CommandCenter.Grains.Abstractions;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Assessment;

/// <summary>Reads the window and breakdown a request asks for, collecting every problem in the reader's language.</summary>
public static class AssessmentRequests
{
    private const string DateFormat = "yyyy-MM-dd";

    /// <summary>
    /// The window of <c>from</c>/<c>to</c> (local dates, both included), else <c>month</c> (<c>YYYY-MM</c>), else <c>period</c>
    /// (<c>day</c>, <c>week</c> or <c>month</c>, default month) around now; null with <paramref name="errors"/> filled when bad.
    /// </summary>
    public static AssessmentWindow? WindowOf(
        string? period, string? month, string? from, string? to, DateTimeOffset now, TimeZoneInfo zone, int maxRangeDays,
        IStringLocalizer<AssessmentText> text, List<string> errors)
    {
        if (from is not null || to is not null)
        {
            var start = DateOf(from, "from", text, errors);
            var end = DateOf(to, "to", text, errors);
            if (start is null || end is null)
            {
                return null;
            }

            if (start > end)
            {
                errors.Add(text["Refused.FromAfterTo", from!, to!]);
                return null;
            }

            if (end.Value.DayNumber - start.Value.DayNumber + 1 > maxRangeDays)
            {
                errors.Add(text["Refused.RangeTooLong", end.Value.DayNumber - start.Value.DayNumber + 1, maxRangeDays]);
                return null;
            }

            return AssessmentWindow.Custom(start.Value, end.Value, zone);
        }

        if (month is not null)
        {
            return MonthOf(month, now, zone, text, errors);
        }

        switch (period?.ToLowerInvariant())
        {
            case null or "month":
                return AssessmentWindow.MonthOf(now, zone);
            case "week":
                return AssessmentWindow.WeekOf(now, zone);
            case "day":
                return AssessmentWindow.DayOf(now, zone);
            default:
                errors.Add(text["Refused.Period", period]);
                return null;
        }
    }

    /// <summary>A <c>YYYY-MM</c> month, the current month when absent; null with a problem when bad.</summary>
    public static AssessmentWindow? MonthOf(string? month, DateTimeOffset now, TimeZoneInfo zone, IStringLocalizer<AssessmentText> text, List<string> errors)
    {
        if (month is null)
        {
            return AssessmentWindow.MonthOf(now, zone);
        }

        if (AssessmentWindow.TryParseMonth(month, zone, out var window))
        {
            return window;
        }

        errors.Add(text["Refused.Month", month]);
        return null;
    }

    public static KpiGrouping? GroupingOf(string? by, IStringLocalizer<AssessmentText> text, List<string> errors)
    {
        if (by is null)
        {
            return KpiGrouping.None;
        }

        if (KebabCase.TryParse<KpiGrouping>(by, out var grouping))
        {
            return grouping;
        }

        errors.Add(text["Refused.By", by, KebabCase.Names<KpiGrouping>()]);
        return null;
    }

    private static DateOnly? DateOf(string? value, string name, IStringLocalizer<AssessmentText> text, List<string> errors)
    {
        if (DateOnly.TryParseExact(value, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date.Year is >= 2000 and <= 2999)
        {
            return date;
        }

        errors.Add(text["Refused.Date", name, value ?? ""]);
        return null;
    }
}
