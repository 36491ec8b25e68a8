using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CommandCenter.Assessment.Months;

/// <summary>
/// A calendar month of the city (<c>YYYY-MM</c>), which begins and ends at local midnight in the city's time zone
/// (<c>Duties:TimeZone</c>), not at UTC midnight: what happened on the 1st at 07:00 in Yinchuan belongs to that month.
/// </summary>
public readonly record struct AssessmentMonth(int Year, int Month) : IComparable<AssessmentMonth>
{
    public int CompareTo(AssessmentMonth other) => (Year, Month).CompareTo((other.Year, other.Month));

    public override string ToString() => $"{Year:D4}-{Month:D2}";

    /// <summary>Exactly <c>YYYY-MM</c>, a month from 2000 to 2100.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out AssessmentMonth? month)
    {
        month = null;
        if (text is null || !DateTime.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            || parsed.Year is < 2000 or > 2100)
        {
            return false;
        }

        month = new AssessmentMonth(parsed.Year, parsed.Month);
        return true;
    }

    /// <summary>The month the instant falls in, in the city's time zone.</summary>
    public static AssessmentMonth Of(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        return new AssessmentMonth(local.Year, local.Month);
    }

    public AssessmentMonth Previous() => Month == 1 ? new(Year - 1, 12) : new(Year, Month - 1);

    public AssessmentMonth Next() => Month == 12 ? new(Year + 1, 1) : new(Year, Month + 1);

    /// <summary>From local midnight of the 1st to local midnight of the next month's 1st, as UTC instants (start inclusive, end exclusive).</summary>
    public (DateTimeOffset Start, DateTimeOffset End) Range(TimeZoneInfo zone) => (StartOf(this, zone), StartOf(Next(), zone));

    private static DateTimeOffset StartOf(AssessmentMonth month, TimeZoneInfo zone)
    {
        var local = new DateTime(month.Year, month.Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
