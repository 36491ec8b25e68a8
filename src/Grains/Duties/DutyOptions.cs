using System.ComponentModel.DataAnnotations;
using CommandCenter.Protocol;

namespace CommandCenter.Grains.Duties;

/// <summary>When duties turn "due soon", the maintenance intervals and item list; a demo can shorten them.</summary>
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

    /// <summary>Quarterly maintenance (季度) at least this often; its items include the half-monthly ones.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "400.00:00:00")]
    public TimeSpan QuarterlyInterval { get; set; } = TimeSpan.FromDays(91);

    /// <summary>Half-yearly maintenance (半年) at least this often.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "400.00:00:00")]
    public TimeSpan HalfYearInterval { get; set; } = TimeSpan.FromDays(182);

    /// <summary>Yearly maintenance (年度) at least this often.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "400.00:00:00")]
    public TimeSpan YearlyInterval { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Each maintenance cycle turns "due soon" this long before its interval ends.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan MaintenanceDueSoon { get; set; } = TimeSpan.FromDays(3);

    /// <summary>
    /// The maintenance item list records are checked against (a JSON file in the shape of the shipped
    /// <c>tsg-t5002-traction.json</c>); unset means the shipped TSG T5002 list for traction lifts.
    /// </summary>
    public string? MaintenanceItemsFile { get; set; }

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>How often a maintenance cycle is due.</summary>
    public TimeSpan IntervalOf(MaintenanceType cycle) => cycle switch
    {
        MaintenanceType.HalfMonth => MaintenanceInterval,
        MaintenanceType.Quarterly => QuarterlyInterval,
        MaintenanceType.HalfYear => HalfYearInterval,
        MaintenanceType.Yearly => YearlyInterval,
        _ => throw new ArgumentOutOfRangeException(nameof(cycle), cycle, null),
    };
}
