using System.ComponentModel.DataAnnotations;

namespace CommandCenter.Grains.Scheduling;

/// <summary>How often due deadlines are looked for.</summary>
public sealed class DeadlineOptions
{
    public const string Section = "Deadlines";

    /// <summary>Deadlines fire at most this late; the first sweep runs right after start-up.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);
}
