using Microsoft.Extensions.Options;

namespace CommandCenter.Assessment.PropertyFirms;

/// <summary>
/// How a street's monthly assessment of a property firm is scored (<c>PropertyFirms:…</c>): a firm starts the month at
/// <see cref="BaseScore"/>; each criterion adds its points per case; the street's own items add theirs. The score gives
/// the star rating and the credit level by the thresholds. Checked at start, every problem named at once.
/// </summary>
public sealed class PropertyFirmOptions
{
    public const string Section = "PropertyFirms";

    public int BaseScore { get; set; } = 100;

    /// <summary>Per case reported in the firm's compounds in the month.</summary>
    public int PointsPerCase { get; set; } = -1;

    /// <summary>Per case of the month closed by its closure deadline.</summary>
    public int PointsPerCaseClosedOnTime { get; set; } = 1;

    /// <summary>Per case of the month closed after its closure deadline, or still open past it at the month's end.</summary>
    public int PointsPerCaseLate { get; set; } = -3;

    /// <summary>Per complaint: a case of the month that came in by the 12345 hotline (residents' complaints), on top of <see cref="PointsPerCase"/>.</summary>
    public int PointsPerComplaint { get; set; } = -2;

    /// <summary>
    /// What a month without a single daily check (日管控) of the elevators of the units the firm runs costs; a month with
    /// some checks costs the same share of it as the share of elevator-days left without one.
    /// </summary>
    public int PointsForNoDailyChecks { get; set; } = -10;

    /// <summary>The street's own items may give at most this many points either way each.</summary>
    public int MaxItemPoints { get; set; } = 20;

    /// <summary>Least score for 5, 4, 3 and 2 stars (below the last: 1 star), highest first.</summary>
    public List<int> StarThresholds { get; set; } = [];

    /// <summary>Least score for credit levels A, B and C (below the last: D), highest first.</summary>
    public List<int> CreditThresholds { get; set; } = [];

    /// <summary>How many months before the chosen one the history shows.</summary>
    public int HistoryMonths { get; set; } = 6;

    public static readonly int[] DefaultStarThresholds = [95, 85, 75, 60];

    public static readonly int[] DefaultCreditThresholds = [90, 75, 60];

    /// <summary>Empty lists take the defaults (a bound list would otherwise append to them).</summary>
    public static void ApplyDefaults(PropertyFirmOptions options)
    {
        if (options.StarThresholds.Count == 0)
        {
            options.StarThresholds = [.. DefaultStarThresholds];
        }

        if (options.CreditThresholds.Count == 0)
        {
            options.CreditThresholds = [.. DefaultCreditThresholds];
        }
    }
}

/// <summary>Reports every problem of <see cref="PropertyFirmOptions"/> at once.</summary>
public sealed class PropertyFirmOptionsValidator : IValidateOptions<PropertyFirmOptions>
{
    public ValidateOptionsResult Validate(string? name, PropertyFirmOptions options)
    {
        var problems = new List<string>();
        var section = PropertyFirmOptions.Section;
        if (options.StarThresholds.Count != 4 || !Descending(options.StarThresholds))
        {
            problems.Add($"{section}:StarThresholds must be 4 scores, highest first (the least for 5, 4, 3 and 2 stars), e.g. 95, 85, 75, 60");
        }

        if (options.CreditThresholds.Count != 3 || !Descending(options.CreditThresholds))
        {
            problems.Add($"{section}:CreditThresholds must be 3 scores, highest first (the least for A, B and C), e.g. 90, 75, 60");
        }

        if (options.MaxItemPoints is < 1 or > 100)
        {
            problems.Add($"{section}:MaxItemPoints is {options.MaxItemPoints}; it lies between 1 and 100");
        }

        if (options.HistoryMonths is < 1 or > 24)
        {
            problems.Add($"{section}:HistoryMonths is {options.HistoryMonths}; it lies between 1 and 24");
        }

        foreach (var (key, points) in new[]
        {
            (nameof(options.PointsPerCase), options.PointsPerCase), (nameof(options.PointsPerCaseClosedOnTime), options.PointsPerCaseClosedOnTime),
            (nameof(options.PointsPerCaseLate), options.PointsPerCaseLate), (nameof(options.PointsPerComplaint), options.PointsPerComplaint),
            (nameof(options.PointsForNoDailyChecks), options.PointsForNoDailyChecks),
        }.Where(p => Math.Abs(p.Item2) > 100))
        {
            problems.Add($"{section}:{key} is {points}; it lies between -100 and 100");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static bool Descending(List<int> values) => values.Zip(values.Skip(1)).All(pair => pair.First > pair.Second);
}
