using CommandCenter.Grains.Abstractions;

namespace CommandCenter.Wall;

/// <summary>How well an area keeps a duty: good, fair or poor by the share done on time.</summary>
public enum ComplianceGrade
{
    NoData,
    Good,
    Fair,
    Poor,
}

/// <summary>One duty's compliance in one area: the share of those who owe it that are not overdue.</summary>
public readonly record struct ComplianceRate(long Overdue, long DueSoon, long Total)
{
    /// <summary>At or above this share done on time is good.</summary>
    public const double GoodFrom = 0.95;

    /// <summary>At or above this share (and below good) is fair; below it is poor.</summary>
    public const double FairFrom = 0.85;

    public double? Rate => Total <= 0 ? null : Math.Clamp((double)(Total - Overdue) / Total, 0, 1);

    public ComplianceGrade Grade => Rate switch
    {
        null => ComplianceGrade.NoData,
        >= GoodFrom => ComplianceGrade.Good,
        >= FairFrom => ComplianceGrade.Fair,
        _ => ComplianceGrade.Poor,
    };

    /// <summary>The rate in percent to one decimal, rounded down so one overdue lift among thousands never shows 100 %.</summary>
    public string Percent => Rate is { } rate ? $"{Math.Floor(rate * 1000) / 10:0.#}%" : "—";
}

/// <summary>
/// The four duties of elevator safety in one area (日管控、周排查、月调度、维保). Daily, weekly and
/// maintenance are owed per elevator, the monthly meeting per user unit.
/// </summary>
public sealed record ComplianceRow(string Key, string Name, ComplianceRate Daily, ComplianceRate Weekly, ComplianceRate Monthly, ComplianceRate Maintenance)
{
    public static ComplianceRow Of(string key, string name, AreaStats stats, int elevators, int units) => new(
        key,
        name,
        new(stats[AreaMetrics.DailyOverdue], stats[AreaMetrics.DailyDueSoon], elevators),
        new(stats[AreaMetrics.WeeklyOverdue], stats[AreaMetrics.WeeklyDueSoon], elevators),
        new(stats[AreaMetrics.MonthlyOverdue], stats[AreaMetrics.MonthlyDueSoon], units),
        new(stats[AreaMetrics.MaintenanceOverdue], stats[AreaMetrics.MaintenanceDueSoon], elevators));
}
