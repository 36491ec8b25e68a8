using System.ComponentModel.DataAnnotations;

namespace CommandCenter.Ops;

/// <summary>The operations page's data (section <c>Ops</c>).</summary>
public sealed class OpsOptions
{
    public const string Section = "Ops";

    /// <summary>
    /// How often open operations pages refresh. The process reads its figures at most once per interval,
    /// however many pages are open; ingest rates are over the time between two reads.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many of the newest dead letters the page lists (also with a filter).</summary>
    [Range(1, 500)]
    public int DeadLettersShown { get; set; } = 20;

    /// <summary>How many of the newest failed notification deliveries the page lists.</summary>
    [Range(1, 500)]
    public int FailedDeliveriesShown { get; set; } = 20;
}
