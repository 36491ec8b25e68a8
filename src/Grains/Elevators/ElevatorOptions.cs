using System.ComponentModel.DataAnnotations;

namespace CommandCenter.Grains.Elevators;

/// <summary>Live-state rules of elevators.</summary>
public sealed class ElevatorOptions
{
    public const string Section = "Elevators";

    /// <summary>An elevator silent this long is shown offline (devices report every 10 s while running, every minute idle).</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan OfflineAfter { get; set; } = TimeSpan.FromMinutes(3);
}
