using System.ComponentModel.DataAnnotations;

namespace CommandCenter.Grains.Areas;

/// <summary>How area rollups coalesce changes before passing them up the tree.</summary>
public sealed class AreaOptions
{
    public const string Section = "Areas";

    /// <summary>An area passes its total to its parent at most this long after the first change.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan PushDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// An area passes its total up at this interval even when unchanged, and an elevator its
    /// contribution to its grid, so an area that lost its in-memory sums (its silo failed) is whole
    /// again within one interval.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(5);
}
