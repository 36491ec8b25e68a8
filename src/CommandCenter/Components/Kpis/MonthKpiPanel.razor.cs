using System.Globalization;
using CommandCenter.Assessment;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Kpis;

/// <summary>This month's KPIs beside last month's (<see cref="MonthKpis"/>): work orders, then alarms, each where they apply.</summary>
public sealed partial class MonthKpiPanel : ComponentBase
{
    [Parameter, EditorRequired]
    public MonthComparison Figures { get; set; } = MonthComparison.Empty;

    private IEnumerable<(string Key, string ThisMonth, string LastMonth)> Rows()
    {
        var (now, before) = (Figures.ThisMonth, Figures.LastMonth);
        if (now.Tickets is not null || before.Tickets is not null)
        {
            yield return ("Reported", Count(now.Tickets?.Reported), Count(before.Tickets?.Reported));
            yield return ("ClosureRate", Rate(now.Tickets?.ClosureRate), Rate(before.Tickets?.ClosureRate));
            yield return ("OnTimeFilingRate", Rate(now.Tickets?.OnTimeFilingRate), Rate(before.Tickets?.OnTimeFilingRate));
            yield return ("OnTimeDispatchRate", Rate(now.Tickets?.OnTimeDispatchRate), Rate(before.Tickets?.OnTimeDispatchRate));
            yield return ("AccurateDispatchRate", Rate(now.Tickets?.AccurateDispatchRate), Rate(before.Tickets?.AccurateDispatchRate));
            yield return ("OnTimeDisposalRate", Rate(now.Tickets?.OnTimeDisposalRate), Rate(before.Tickets?.OnTimeDisposalRate));
            yield return ("OnTimeClosureRate", Rate(now.Tickets?.OnTimeClosureRate), Rate(before.Tickets?.OnTimeClosureRate));
            yield return ("Overdue", Count(now.Tickets?.Overdue), Count(before.Tickets?.Overdue));
            yield return ("Reworks", Count(now.Tickets?.Reworks), Count(before.Tickets?.Reworks));
            yield return ("SatisfactionRate", Rate(now.Tickets?.SatisfactionRate), Rate(before.Tickets?.SatisfactionRate));
        }

        if (now.Alarms is not null || before.Alarms is not null)
        {
            yield return ("Alarms", Count(now.Alarms?.Alarms), Count(before.Alarms?.Alarms));
            yield return ("AverageArrivalMinutes", Minutes(now.Alarms?.AverageArrivalMinutes), Minutes(before.Alarms?.AverageArrivalMinutes));
            yield return ("AverageRescueMinutes", Minutes(now.Alarms?.AverageRescueMinutes), Minutes(before.Alarms?.AverageRescueMinutes));
            yield return ("ArrivalLimitMisses", Count(now.Alarms?.ArrivalLimitMisses), Count(before.Alarms?.ArrivalLimitMisses));
            yield return ("FalseAlarms", Count(now.Alarms?.FalseAlarms), Count(before.Alarms?.FalseAlarms));
        }
    }

    private static string Count(int? count) => count?.ToString(CultureInfo.InvariantCulture) ?? "—";

    private static string Rate(double? rate) => rate?.ToString("P1", CultureInfo.InvariantCulture) ?? "—";

    private static string Minutes(double? minutes) => minutes?.ToString("0.0", CultureInfo.InvariantCulture) ?? "—";
}
