using System.ComponentModel.DataAnnotations;

namespace CommandCenter.TelemetryIngest.Pipeline;

/// <summary>How acknowledged lift and escalator statuses reach their grains (<see cref="StatusApplier"/>).</summary>
public sealed class StatusApplyOptions
{
    public const string Section = "Ingest:StatusApply";

    /// <summary>
    /// How often waiting statuses go to their grains; of the statuses a device sends within one window, only the newest is
    /// applied. A wall sees a change this much later at most; its own push interval (<c>LiveHub:PushInterval</c>, 250 ms)
    /// is longer.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:05")]
    public TimeSpan CoalesceWindow { get; set; } = TimeSpan.FromMilliseconds(100);
}
