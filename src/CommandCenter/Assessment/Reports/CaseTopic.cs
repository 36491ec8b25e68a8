namespace CommandCenter.Assessment.Reports;

/// <summary>Cases (案件): the work orders reported in the month, by area, with the scope's total and last month's.</summary>
public sealed class CaseTopic : IMonthlyReportTopic
{
    public int Order => 10;

    public async Task<ReportSheet> BuildAsync(MonthlyReportContext context, CancellationToken cancellationToken)
    {
        var kpis = await context.KpisAsync(cancellationToken);
        string[] keys =
        [
            "Area", "Reported", "Closed", "ClosureRate", "OnTimeFilingRate", "OnTimeDispatchRate", "ReturnedAsWronglyDispatched",
            "AccurateDispatchRate", "OnTimeDisposalRate", "OnTimeClosureRate", "Overdue", "Reworks", "Evaluated", "SatisfactionRate",
        ];
        var rows = ReportRows.Of(context, kpis, figures => figures.Tickets is not { } t ? null :
        [
            t.Reported, t.Closed, context.Rate(t.ClosureRate), context.Rate(t.OnTimeFilingRate), context.Rate(t.OnTimeDispatchRate),
            t.ReturnedAsWronglyDispatched, context.Rate(t.AccurateDispatchRate), context.Rate(t.OnTimeDisposalRate), context.Rate(t.OnTimeClosureRate),
            t.Overdue, t.Reworks, t.Evaluated, context.Rate(t.SatisfactionRate),
        ]);
        return new ReportSheet("cases", context.Text["Sheet.Cases"], [.. keys.Select(context.Column)], rows, "ClosureRate", kpis.Groups.Count);
    }
}

/// <summary>Alarms (电梯报警): the closed alarms that occurred in the month, by area, with the scope's total and last month's.</summary>
public sealed class AlarmTopic : IMonthlyReportTopic
{
    public int Order => 20;

    public async Task<ReportSheet> BuildAsync(MonthlyReportContext context, CancellationToken cancellationToken)
    {
        var kpis = await context.KpisAsync(cancellationToken);
        string[] keys = ["Area", "Alarms", "AverageArrivalMinutes", "AverageRescueMinutes", "ArrivalLimitMisses", "FalseAlarms", "FalseAlarmShare"];
        var rows = ReportRows.Of(context, kpis, figures => figures.Alarms is not { } a ? null :
        [
            a.Alarms, context.Minutes(a.AverageArrivalMinutes), context.Minutes(a.AverageRescueMinutes), a.ArrivalLimitMisses, a.FalseAlarms,
            context.Rate(a.FalseAlarmShare),
        ]);
        return new ReportSheet("alarms", context.Text["Sheet.Alarms"], [.. keys.Select(context.Column)], rows, "AverageArrivalMinutes", kpis.Groups.Count);
    }
}

/// <summary>The rows of a breakdown sheet: one per area, then the scope's total and last month's total.</summary>
internal static class ReportRows
{
    public static IReadOnlyList<IReadOnlyList<object?>> Of(MonthlyReportContext context, KpiReport kpis, Func<KpiFigures, object?[]?> cells)
    {
        var rows = new List<IReadOnlyList<object?>>();
        foreach (var group in kpis.Groups)
        {
            if (cells(group.Figures) is { } values)
            {
                rows.Add([group.Name, .. values]);
            }
        }

        if (cells(kpis.Total) is { } total)
        {
            rows.Add([context.Text["Report.Total", context.Scope.Name].Value, .. total]);
        }

        if (cells(kpis.PreviousTotal) is { } previous)
        {
            rows.Add([context.Text["Report.PreviousMonth", context.Previous.Label].Value, .. previous]);
        }

        return rows;
    }
}
