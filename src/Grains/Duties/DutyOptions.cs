using System.ComponentModel.DataAnnotations;

namespace CommandCenter.Grains.Duties;

/// <summary>When duties turn "due soon" and the maintenance interval; a demo can shorten them.</summary>
public sealed class DutyOptions
{
    public const string Section = "Duties";

    /// <summary>The city's time zone: days, weeks and months end at local midnight.</summary>
    [Required]
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>The daily check turns "due soon" this long before the day ends.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan DailyDueSoon { get; set; } = TimeSpan.FromHours(6);

    /// <summary>The weekly investigation turns "due soon" this long before the ISO week ends.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan WeeklyDueSoon { get; set; } = TimeSpan.FromDays(2);

    /// <summary>The monthly scheduling minutes turn "due soon" this long before the month ends.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "28.00:00:00")]
    public TimeSpan MonthlyDueSoon { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Maintenance at least this often (15 days by rule).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00")]
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromDays(15);

    /// <summary>Maintenance turns "due soon" this long before the interval ends.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan MaintenanceDueSoon { get; set; } = TimeSpan.FromDays(3);

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}
