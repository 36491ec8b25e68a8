using System.ComponentModel.DataAnnotations;

namespace CommandCenter.Grains.Live;

/// <summary>How live changes are batched and how long a silo's observer registration lasts.</summary>
public sealed class LiveFeedOptions
{
    public const string Section = "LiveFeed";

    /// <summary>Changes are coalesced per elevator and pushed at this interval.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:05")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>An observer not refreshed within this lease is dropped (its silo is presumed gone).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan ObserverLease { get; set; } = TimeSpan.FromMinutes(1);
}
