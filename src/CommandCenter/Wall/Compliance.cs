using CommandCenter.City;
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
/// The duties of elevator safety in one area (日管控、周排查、月调度、维保): daily, weekly and the four
/// maintenance cycles are owed per elevator, the monthly meeting per user unit. Who owes them is what
/// the area's duty rollup tracks (<see cref="AreaMetrics.DutyElevators"/>, <see cref="AreaMetrics.DutyUnits"/>):
/// every elevator and unit of the city file, whether or not anything was ever filed for it.
/// </summary>
public sealed record ComplianceRow(
    string Key,
    string Name,
    long Elevators,
    long Units,
    ComplianceRate Daily,
    ComplianceRate Weekly,
    ComplianceRate Monthly,
    ComplianceRate Maintenance,
    ComplianceRate QuarterlyMaintenance,
    ComplianceRate HalfYearMaintenance,
    ComplianceRate YearlyMaintenance,
    long IncompleteMaintenance)
{
    public static ComplianceRow Of(string key, string name, AreaStats stats)
    {
        var elevators = stats[AreaMetrics.DutyElevators];
        return new(
            key,
            name,
            elevators,
            stats[AreaMetrics.DutyUnits],
            new(stats[AreaMetrics.DailyOverdue], stats[AreaMetrics.DailyDueSoon], elevators),
            new(stats[AreaMetrics.WeeklyOverdue], stats[AreaMetrics.WeeklyDueSoon], elevators),
            new(stats[AreaMetrics.MonthlyOverdue], stats[AreaMetrics.MonthlyDueSoon], stats[AreaMetrics.DutyUnits]),
            new(stats[AreaMetrics.MaintenanceOverdue], stats[AreaMetrics.MaintenanceDueSoon], elevators),
            new(stats[AreaMetrics.QuarterlyOverdue], stats[AreaMetrics.QuarterlyDueSoon], elevators),
            new(stats[AreaMetrics.HalfYearOverdue], stats[AreaMetrics.HalfYearDueSoon], elevators),
            new(stats[AreaMetrics.YearlyOverdue], stats[AreaMetrics.YearlyDueSoon], elevators),
            stats[AreaMetrics.MaintenanceIncomplete]);
    }
}

/// <summary>An area's compliance and that of each area under it (none under a grid), from its rollup.</summary>
public sealed record ComplianceView(string Area, ComplianceRow Total, IReadOnlyList<ComplianceRow> Children)
{
    public static ComplianceView Of(CityEndpoints.AreaView area) => new(
        area.Key,
        ComplianceRow.Of(area.Key, area.Name, new AreaStats(area.Stats)),
        [.. area.Children.Select(child => ComplianceRow.Of(child.Key, child.Name ?? child.Key, new AreaStats(child.Stats)))]);
}
