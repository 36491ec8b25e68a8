using CommandCenter.Assessment.PropertyFirms.Store;
using CommandCenter.Grains.Abstractions;

namespace CommandCenter.Assessment.PropertyFirms;

/// <summary>A credit level (信用等级): A best, D worst.</summary>
public enum CreditLevel
{
    A,
    B,
    C,
    D,
}

/// <summary>The criteria a rating line names (<see cref="RatingLine.Criterion"/>), as the texts and the API name them.</summary>
public static class RatingCriteria
{
    public const string Base = "base";
    public const string Cases = "cases";
    public const string ClosedOnTime = "closed-on-time";
    public const string Late = "late";
    public const string Complaints = "complaints";
    public const string DailyChecks = "daily-checks";
    public const string StreetItem = "street-item";
}

/// <summary>One line of a month's rating: a criterion, how many cases (or items) it counted, the points it gave, and for a street's item its note and author.</summary>
public sealed record RatingLine(string Criterion, int Count, int Points, string? Note = null, string? By = null, IReadOnlyList<string>? Cases = null);

/// <summary>A firm's rating for one month: the score with every line that makes it up, its stars (1–5) and credit level.</summary>
public sealed record MonthRating(string Month, int Score, int Stars, CreditLevel Credit, IReadOnlyList<RatingLine> Lines);

/// <summary>The daily checks (日管控) a firm's units owed in a month, elevator by elevator and day by day, and how many of them were filed.</summary>
public sealed record DailyCheckDuty(int Owed, int Filed)
{
    public static readonly DailyCheckDuty None = new(0, 0);

    public int Missed => Math.Max(0, Owed - Filed);
}

/// <summary>A month whose stars or credit level differ from the month before, and the lines that changed (the reason).</summary>
public sealed record RatingChange(string Month, int FromStars, int ToStars, CreditLevel FromCredit, CreditLevel ToCredit, IReadOnlyList<RatingLine> Reasons);

/// <summary>
/// The monthly assessment of a property firm by its street, as a plain calculation: the cases reported in its compounds in
/// the month (how many, how many closed by their closure deadline, how many late or still open past it, how many were
/// 12345 complaints), the daily checks of the elevators of the units it runs, and the street's own items, scored by
/// <see cref="PropertyFirmOptions"/>.
/// </summary>
public static class PropertyFirmScoring
{
    /// <param name="asOf">When the month is judged: its end, or now while it runs (a case still open counts late only once its deadline has passed).</param>
    /// <param name="dailyChecks">The daily checks the units it runs owed and filed in the month (so far).</param>
    public static MonthRating Rate(
        AssessmentWindow month, DateTimeOffset asOf, IReadOnlyCollection<TicketSummary> cases, DailyCheckDuty dailyChecks,
        IEnumerable<StreetAssessmentItem> items, PropertyFirmOptions options)
    {
        var lines = new List<RatingLine> { new(RatingCriteria.Base, 0, options.BaseScore) };
        AddCases(lines, RatingCriteria.Cases, cases, options.PointsPerCase);
        AddCases(lines, RatingCriteria.ClosedOnTime, [.. cases.Where(c => c.Status == TicketStatus.Closed && !(c.ClosedAt > c.ClosureDueAt))], options.PointsPerCaseClosedOnTime);
        AddCases(lines, RatingCriteria.Late, [.. cases.Where(c => IsLate(c, asOf))], options.PointsPerCaseLate);
        AddCases(lines, RatingCriteria.Complaints, [.. cases.Where(c => c.Source == TicketSource.Hotline12345)], options.PointsPerComplaint);
        if (dailyChecks.Owed > 0 && (int)Math.Round((double)options.PointsForNoDailyChecks * dailyChecks.Missed / dailyChecks.Owed) is var dutyPoints and not 0)
        {
            lines.Add(new RatingLine(RatingCriteria.DailyChecks, dailyChecks.Missed, dutyPoints, Note: $"{dailyChecks.Filed}/{dailyChecks.Owed}"));
        }

        lines.AddRange(items.OrderBy(i => i.AddedAt).ThenBy(i => i.Id).Select(i => new RatingLine(RatingCriteria.StreetItem, 1, i.Points, i.Note, i.AddedBy)));
        var score = lines.Sum(l => l.Points);
        return new MonthRating(month.Label, score, StarsOf(score, options), CreditOf(score, options), lines);
    }

    public static int StarsOf(int score, PropertyFirmOptions options)
    {
        var reached = options.StarThresholds.FindIndex(threshold => score >= threshold);
        return reached < 0 ? 1 : 5 - reached;
    }

    public static CreditLevel CreditOf(int score, PropertyFirmOptions options)
    {
        var reached = options.CreditThresholds.FindIndex(threshold => score >= threshold);
        return reached < 0 ? CreditLevel.D : (CreditLevel)reached;
    }

    /// <summary>
    /// The months, oldest first, whose stars or credit differ from the month before; the reason is every line of the new
    /// month that the month before did not have with the same points (its street items always).
    /// </summary>
    public static IReadOnlyList<RatingChange> ChangesOf(IReadOnlyList<MonthRating> months)
    {
        var changes = new List<RatingChange>();
        foreach (var (before, after) in months.Zip(months.Skip(1)))
        {
            if (before.Stars == after.Stars && before.Credit == after.Credit)
            {
                continue;
            }

            var previous = before.Lines.Where(l => l.Criterion != RatingCriteria.StreetItem).ToDictionary(l => l.Criterion, l => l.Points);
            var reasons = after.Lines
                .Where(l => l.Criterion == RatingCriteria.StreetItem || previous.GetValueOrDefault(l.Criterion) != l.Points)
                .Concat(before.Lines.Where(l => l.Criterion != RatingCriteria.StreetItem && after.Lines.All(a => a.Criterion != l.Criterion))
                    .Select(gone => gone with { Count = 0, Points = 0, Cases = [] }))
                .ToList();
            changes.Add(new RatingChange(after.Month, before.Stars, after.Stars, before.Credit, after.Credit, reasons));
        }

        return changes;
    }

    private static bool IsLate(TicketSummary ticket, DateTimeOffset asOf) =>
        ticket.ClosureDueAt is { } due && (ticket.Status == TicketStatus.Closed ? ticket.ClosedAt > due : ticket.IsOpen() && due < asOf);

    private static void AddCases(List<RatingLine> lines, string criterion, IReadOnlyCollection<TicketSummary> cases, int pointsEach)
    {
        if (cases.Count > 0 && pointsEach != 0)
        {
            lines.Add(new RatingLine(criterion, cases.Count, cases.Count * pointsEach, Cases: [.. cases.Select(c => c.Id).Order(StringComparer.Ordinal)]));
        }
    }
}
