using System.ComponentModel.DataAnnotations;

namespace CommandCenter.Wall;

/// <summary>The wall screens' shared data (section <c>Wall</c>).</summary>
public sealed class WallOptions
{
    public const string Section = "Wall";

    /// <summary>
    /// How often this process re-reads alarms, rollups, work orders and parking for all its wall
    /// screens together. Elevators and alarm changes arrive live in between.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);
}
