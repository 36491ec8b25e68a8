using CommandCenter.Elevators.History;
using CommandCenter.Grains.City;
using CommandCenter.Grains.Duties;
using Microsoft.Extensions.Options;

namespace CommandCenter.Assessment.Reports;

/// <summary>
/// Duties (日管控 / 周排查 / 维保): per area, its elevators, how many of their days had a daily check filed, weekly investigations,
/// elevators maintained on time all month, maintenance visits and those lacking required items.
/// </summary>
public sealed class DutyTopic(CityDirectory city, ElevatorHistory history, KpiService kpis, IOptions<DutyOptions> duties, TimeProvider time) : IMonthlyReportTopic
{
    public int Order => 30;

    public async Task<ReportSheet> BuildAsync(MonthlyReportContext context, CancellationToken cancellationToken)
    {
        var month = context.Month;
        var interval = duties.Value.MaintenanceInterval;
        var end = month.To < time.GetUtcNow() ? month.To : time.GetUtcNow();
        var filings = end > month.From ? await history.ReadFilingsAsync(month.From, end, cancellationToken) : new DutyFilings([], []);
        var visits = end > month.From ? (await history.ReadFilingsAsync(month.From - interval, end, cancellationToken)).Visits.ToLookup(v => v.ElevatorId, StringComparer.Ordinal) : null;
        var days = Math.Max(0, Math.Ceiling((end - month.From).TotalDays));
        var daily = filings.Periods.Where(p => p.Kind == DutyRecordKind.Daily).ToDictionary(p => p.SubjectId, p => p.Periods, StringComparer.Ordinal);
        var weekly = filings.Periods.Where(p => p.Kind == DutyRecordKind.Weekly).ToDictionary(p => p.SubjectId, p => p.Periods, StringComparer.Ordinal);

        object?[] Cells(string name, string areaKey)
        {
            var elevators = city.Topology.Elevators.Where(e => city.FindElevator(e.Id) is { } place && KpiService.InArea(place.Place, areaKey)).Select(e => e.Id).ToList();
            var dailyFiled = elevators.Sum(id => daily.GetValueOrDefault(id));
            var inMonth = elevators.SelectMany(id => visits?[id] ?? []).Where(v => v.FiledAt >= month.From).ToList();
            var onTime = visits is null || elevators.Count == 0 ? null
                : (double?)elevators.Count(id => FirmScores.MaintainedOnTime(visits[id], month.From, end, interval)) / elevators.Count;
            return
            [
                name, elevators.Count, context.Rate(elevators.Count == 0 || days == 0 ? null : dailyFiled / (elevators.Count * days)),
                elevators.Sum(id => weekly.GetValueOrDefault(id)), context.Rate(onTime), inMonth.Count, inMonth.Count(v => !v.Complete),
            ];
        }

        var groups = kpis.GroupsOf(context.Scope, context.Breakdown);
        var rows = groups.Select(g => (IReadOnlyList<object?>)Cells(g.Name, g.Key)).ToList();
        rows.Add(Cells(context.Text["Report.Total", context.Scope.Name], context.Scope.Key));
        string[] keys = ["Area", "Elevators", "DailyCheckCoverage", "WeeklyInvestigations", "MaintainedOnTimeShare", "MaintenanceVisits", "IncompleteRecords"];
        return new ReportSheet("duties", context.Text["Sheet.Duties"], [.. keys.Select(context.Column)], rows, "MaintainedOnTimeShare", groups.Count);
    }
}

/// <summary>Maintenance firms (维保单位): the month's quality score of the firms serving the scope, with city rank and trend.</summary>
public sealed class MaintenanceFirmTopic(CityDirectory city, FirmScores scores) : IMonthlyReportTopic
{
    public int Order => 40;

    public async Task<ReportSheet> BuildAsync(MonthlyReportContext context, CancellationToken cancellationToken)
    {
        var board = await scores.ComputeAsync(context.Month, cancellationToken);
        var serving = FirmsServing(context.Scope);
        var rows = board.Scores.Where(s => serving is null || serving.Contains(s.FirmId)).Select(s => (IReadOnlyList<object?>)
        [
            s.Rank, s.FirmName, s.Score, s.PreviousScore, s.Trend, context.Rate(s.Parts!.OnTimeMaintenanceShare), context.Minutes(s.Parts.AverageArrivalMinutes),
            s.Parts.ArrivalLimitMisses, s.Parts.RepeatFaults, context.Rate(s.Parts.FalseAlarmShare), context.Rate(s.Parts.RecordCompleteness),
        ]).ToList();
        string[] keys =
        [
            "Rank", "Firm", "Score", "PreviousScore", "Trend", "OnTimeMaintenanceShare", "AverageArrivalMinutes", "ArrivalLimitMisses",
            "RepeatFaults", "FalseAlarmShare", "RecordCompleteness",
        ];
        return new ReportSheet("maintenance-firms", context.Text["Sheet.MaintenanceFirms"], [.. keys.Select(context.Column)], rows, "Score", rows.Count);
    }

    /// <summary>The firms serving the scope's district; null for the whole city.</summary>
    private HashSet<string>? FirmsServing(AssessmentScope scope)
    {
        if (scope.Kind == Auth.ScopeKind.City)
        {
            return null;
        }

        var district = city.FindArea(scope.Key) is { } area ? DistrictOf(area) : null;
        return district is null ? [] : [.. city.FirmsServing(district.Id).Select(f => f.Id)];
    }

    private AreaInfo? DistrictOf(AreaInfo area) =>
        area.Level == AreaLevel.District ? area : area.ParentKey is { } parent && city.FindArea(parent) is { } up ? DistrictOf(up) : null;
}
