using System.ComponentModel.DataAnnotations;

namespace CommandCenter.Audit;

/// <summary>The audit log's settings (<c>Audit</c> section).</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>
    /// Days an entry is kept before the daily purge deletes it: at least 180, as issue #12 asks;
    /// 400 by default, so a whole year can still be reviewed some weeks after it ends.
    /// </summary>
    [Range(180, 36_500, ErrorMessage = "Audit:RetentionDays must be between 180 and 36500: audit entries are kept at least 180 days.")]
    public int RetentionDays { get; set; } = 400;

    public TimeSpan Retention => TimeSpan.FromDays(RetentionDays);
}
