using System.ComponentModel.DataAnnotations;

namespace CommandCenter.TelemetryIngest.Validation;

/// <summary>How far a device clock may drift from the server clock before its messages are refused.</summary>
public sealed class IngestValidationOptions
{
    public const string Section = "Ingest:Validation";

    /// <summary>Messages stamped further in the future than this are refused.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxClockAhead { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Messages older than this are refused (a device replaying a long-lost buffer).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan MaxClockBehind { get; set; } = TimeSpan.FromDays(1);
}
