using System.ComponentModel.DataAnnotations;

namespace CommandCenter.Retention;

/// <summary>How long refused messages and connections are kept (<c>DeadLetters</c> section); counts per reason are kept for ever.</summary>
public sealed class DeadLetterRetentionOptions
{
    public const string Section = "DeadLetters";

    [Range(1, 3650, ErrorMessage = "DeadLetters:KeepDays must be between 1 and 3650.")]
    public int KeepDays { get; set; } = 30;
}

/// <summary>How long duty records and closed alarms are kept (<c>ElevatorHistory</c> section).</summary>
public sealed class ElevatorHistoryRetentionOptions
{
    public const string Section = "ElevatorHistory";

    /// <summary>
    /// Maintenance and inspection records must be kept for years (special equipment safety rules): five years
    /// by default, and never less than one.
    /// </summary>
    [Range(365, 36_500, ErrorMessage = "ElevatorHistory:KeepDays must be between 365 and 36500: maintenance and inspection records are kept at least a year.")]
    public int KeepDays { get; set; } = 1826;
}

/// <summary>How long finished work orders stay in the archive (<c>Tickets</c> section, beside the grains' ticket settings).</summary>
public sealed class TicketArchiveRetentionOptions
{
    public const string Section = "Tickets";

    [Range(365, 36_500, ErrorMessage = "Tickets:ArchiveKeepDays must be between 365 and 36500: finished work orders are kept at least a year.")]
    public int ArchiveKeepDays { get; set; } = 1826;
}
