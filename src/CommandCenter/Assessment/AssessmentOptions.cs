using Microsoft.Extensions.Options;

namespace CommandCenter.Assessment;

/// <summary>Time-windowed KPIs, the maintenance-firm score and the monthly report (section <c>Assessment</c>).</summary>
public sealed class AssessmentOptions
{
    public const string Section = "Assessment";

    /// <summary>The longest custom range <c>/api/kpis</c> computes, in days.</summary>
    public int MaxRangeDays { get; set; } = 400;

    /// <summary>A fault on the same elevator within this many days of the one before it is a repeat fault.</summary>
    public int RepeatFaultDays { get; set; } = 30;

    /// <summary>An average arrival at or under this many minutes scores full marks.</summary>
    public double ArrivalTargetMinutes { get; set; } = 15;

    /// <summary>An average arrival at or over this many minutes scores nothing (the urban arrival limit).</summary>
    public double ArrivalLimitMinutes { get; set; } = 30;

    /// <summary>How long the desk's and the wall's "this month beside last month" figures are kept before they are read again.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The weight of each part of the maintenance-firm score; only their ratios matter.</summary>
    public FirmScoreWeights Weights { get; set; } = new();
}

/// <summary>Weights of the six parts of the firm score (<c>Assessment:Weights:*</c>).</summary>
public sealed class FirmScoreWeights
{
    public double OnTimeMaintenance { get; set; } = 30;

    public double Arrival { get; set; } = 20;

    public double ArrivalMisses { get; set; } = 20;

    public double RepeatFaults { get; set; } = 10;

    public double FalseAlarms { get; set; } = 10;

    public double RecordCompleteness { get; set; } = 10;

    public IEnumerable<(string Name, double Weight)> All()
    {
        yield return (nameof(OnTimeMaintenance), OnTimeMaintenance);
        yield return (nameof(Arrival), Arrival);
        yield return (nameof(ArrivalMisses), ArrivalMisses);
        yield return (nameof(RepeatFaults), RepeatFaults);
        yield return (nameof(FalseAlarms), FalseAlarms);
        yield return (nameof(RecordCompleteness), RecordCompleteness);
    }
}

/// <summary>Reports every problem of the assessment settings at once, at start-up.</summary>
public sealed class AssessmentOptionsValidator : IValidateOptions<AssessmentOptions>
{
    public ValidateOptionsResult Validate(string? name, AssessmentOptions options)
    {
        var errors = new List<string>();
        if (options.MaxRangeDays is < 1 or > 3660)
        {
            errors.Add($"{AssessmentOptions.Section}:{nameof(options.MaxRangeDays)} must be 1 to 3660 days, not {options.MaxRangeDays}.");
        }

        if (options.RepeatFaultDays is < 1 or > 365)
        {
            errors.Add($"{AssessmentOptions.Section}:{nameof(options.RepeatFaultDays)} must be 1 to 365 days, not {options.RepeatFaultDays}.");
        }

        if (!(options.ArrivalTargetMinutes >= 0 && options.ArrivalTargetMinutes < options.ArrivalLimitMinutes))
        {
            errors.Add($"{AssessmentOptions.Section}:{nameof(options.ArrivalTargetMinutes)} ({options.ArrivalTargetMinutes}) must be at least 0 and below {nameof(options.ArrivalLimitMinutes)} ({options.ArrivalLimitMinutes}).");
        }

        if (options.RefreshInterval < TimeSpan.FromSeconds(1) || options.RefreshInterval > TimeSpan.FromHours(1))
        {
            errors.Add($"{AssessmentOptions.Section}:{nameof(options.RefreshInterval)} must be 1 second to 1 hour, not {options.RefreshInterval}.");
        }

        foreach (var (part, weight) in options.Weights.All())
        {
            if (!(weight >= 0) || double.IsInfinity(weight))
            {
                errors.Add($"{AssessmentOptions.Section}:{nameof(options.Weights)}:{part} must be a number of 0 or more, not {weight}.");
            }
        }

        if (options.Weights.All().Sum(w => w.Weight) is not > 0)
        {
            errors.Add($"{AssessmentOptions.Section}:{nameof(options.Weights)} must not all be 0.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
