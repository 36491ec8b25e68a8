using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace CommandCenter.Grains.Parking;

/// <summary>Parking rules: the night-time free window and when a berth sensor needs a visit.</summary>
public sealed class ParkingOptions
{
    public const string Section = "Parking";

    /// <summary>Start of the night-time free window, city time (inclusive).</summary>
    public TimeOnly NightFreeFrom { get; set; } = new(19, 0);

    /// <summary>End of the night-time free window, city time (exclusive); before the start means the window spans midnight.</summary>
    public TimeOnly NightFreeTo { get; set; } = new(7, 0);

    /// <summary>A sensor reporting less than this many millivolts needs a new battery.</summary>
    [Range(1, 10_000)]
    public int LowBatteryMv { get; set; } = 3300;

    /// <summary>A sensor not heard from for longer than this is silent.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan SilentAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often a lot looks at the clock: the night window opening or closing and sensors falling silent change its totals without any message.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Reports every problem of <see cref="ParkingOptions"/> at once.</summary>
public sealed class ParkingOptionsValidator : IValidateOptions<ParkingOptions>
{
    public ValidateOptionsResult Validate(string? name, ParkingOptions options)
    {
        var problems = new List<string>();
        if (options.NightFreeFrom == options.NightFreeTo)
        {
            problems.Add($"Parking:NightFreeFrom and Parking:NightFreeTo are both {options.NightFreeFrom:HH\\:mm}; the night window needs a start and a different end");
        }

        if (options.CheckInterval > options.SilentAfter)
        {
            problems.Add($"Parking:CheckInterval ({options.CheckInterval}) must not exceed Parking:SilentAfter ({options.SilentAfter}), or silent sensors are noticed late");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
