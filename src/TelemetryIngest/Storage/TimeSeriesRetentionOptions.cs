using Microsoft.Extensions.Options;

namespace CommandCenter.TelemetryIngest.Storage;

/// <summary>How long InfluxDB keeps raw points and the one-minute rollups of elevator status (<c>TimeSeries</c> section).</summary>
public sealed class TimeSeriesRetentionOptions
{
    public const string Section = "TimeSeries";

    /// <summary>Raw points of every measurement: the wall's 24 h charts and its faults per hour read them.</summary>
    public TimeSpan RawRetention { get; set; } = TimeSpan.FromDays(2);

    /// <summary>One-minute rollups of elevator status: history windows longer than <see cref="RawRetention"/> read them.</summary>
    public TimeSpan RollupRetention { get; set; } = TimeSpan.FromDays(30);
}

/// <summary>Checks <see cref="TimeSeriesRetentionOptions"/> at start; reports every broken rule at once.</summary>
public sealed class TimeSeriesRetentionOptionsValidator : IValidateOptions<TimeSeriesRetentionOptions>
{
    /// <summary>The wall reads a day of raw points (floor charts, faults per hour).</summary>
    public static readonly TimeSpan MinRaw = TimeSpan.FromDays(1);

    /// <summary>The longest elevator history the API serves.</summary>
    public static readonly TimeSpan MinRollup = TimeSpan.FromDays(7);

    private static readonly TimeSpan Max = TimeSpan.FromDays(3650);

    public ValidateOptionsResult Validate(string? name, TimeSeriesRetentionOptions options)
    {
        var errors = new List<string>();
        Check(nameof(options.RawRetention), options.RawRetention, MinRaw, "the wall's 24 h charts read raw points");
        Check(nameof(options.RollupRetention), options.RollupRetention, MinRollup, "the 7-day elevator history reads the rollups");
        if (options.RollupRetention < options.RawRetention)
        {
            errors.Add($"{Key(nameof(options.RollupRetention))} ({options.RollupRetention}) must not be shorter than {Key(nameof(options.RawRetention))} ({options.RawRetention}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);

        void Check(string setting, TimeSpan value, TimeSpan min, string why)
        {
            if (value < min || value > Max || value.Ticks % TimeSpan.TicksPerHour != 0)
            {
                errors.Add($"{Key(setting)} must be whole hours from {min.TotalDays:0} to {Max.TotalDays:0} days ({why}); it is {value}.");
            }
        }
    }

    private static string Key(string setting) => $"{TimeSeriesRetentionOptions.Section}:{setting}";
}
