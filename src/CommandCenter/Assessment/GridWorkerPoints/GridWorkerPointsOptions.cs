using Microsoft.Extensions.Options;

namespace CommandCenter.Assessment.GridWorkerPoints;

/// <summary>
/// How many points each rule is worth (<c>GridWorkerPoints:Points:report-accepted = 2</c>). A rule left out keeps its
/// default; 0 turns it off. Checked at start: an unknown rule id or points out of range stop the start, every problem named.
/// </summary>
public sealed class GridWorkerPointsOptions
{
    public const string Section = "GridWorkerPoints";

    public const int MaxPoints = 100;

    public Dictionary<string, int> Points { get; set; } = new(StringComparer.Ordinal);

    public int PointsOf(IPointRule rule) => Points.TryGetValue(rule.Id, out var points) ? points : rule.DefaultPoints;
}

/// <summary>Reports every problem of <see cref="GridWorkerPointsOptions"/> at once.</summary>
public sealed class GridWorkerPointsOptionsValidator(IEnumerable<IPointRule> rules) : IValidateOptions<GridWorkerPointsOptions>
{
    public ValidateOptionsResult Validate(string? name, GridWorkerPointsOptions options)
    {
        var known = rules.Select(r => r.Id).Order(StringComparer.Ordinal).ToList();
        var problems = new List<string>();
        foreach (var (id, points) in options.Points)
        {
            if (!known.Contains(id))
            {
                problems.Add($"{GridWorkerPointsOptions.Section}:Points:{id} names no rule (the rules are {string.Join(", ", known)})");
            }
            else if (Math.Abs(points) > GridWorkerPointsOptions.MaxPoints)
            {
                problems.Add($"{GridWorkerPointsOptions.Section}:Points:{id} is {points}; points lie between -{GridWorkerPointsOptions.MaxPoints} and {GridWorkerPointsOptions.MaxPoints}");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
