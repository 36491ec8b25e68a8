using CommandCenter.Grains.Abstractions;
using CommandCenter.Protocol;

namespace CommandCenter.Assessment;

/// <summary>
/// Work-order KPIs of the tickets reported in a window, as they stand now. Rates are null when nothing counts yet. Accurate
/// dispatch counts dispatches (a returned one is wrong), satisfaction counts each evaluated ticket by its latest evaluation.
/// </summary>
public sealed record TicketFigures(
    int Reported,
    int Open,
    int Closed,
    int Cancelled,
    double? ClosureRate,
    double? OnTimeFilingRate,
    double? OnTimeDispatchRate,
    double? OnTimeDisposalRate,
    double? OnTimeClosureRate,
    int Overdue,
    int OverdueOpen,
    int Reworks,
    int Dispatches,
    int ReturnedAsWronglyDispatched,
    double? AccurateDispatchRate,
    int Evaluated,
    int Satisfied,
    int BasicallySatisfied,
    double? SatisfactionRate)
{
    public static TicketFigures Of(TicketKpis kpis) => new(
        kpis.Total,
        kpis.Open,
        kpis.Closed,
        kpis.Cancelled,
        kpis.Total - kpis.Cancelled is > 0 and var decided ? (double)kpis.Closed / decided : null,
        kpis.OnTimeFilingRate,
        kpis.OnTimeDispatchRate,
        kpis.OnTimeDisposalRate,
        kpis.OnTimeClosureRate,
        kpis.Overdue,
        kpis.OverdueOpen,
        kpis.Reworks,
        kpis.Dispatches,
        kpis.Returns,
        kpis.AccurateDispatchRate,
        kpis.Evaluated,
        kpis.Satisfied,
        kpis.BasicallySatisfied,
        kpis.SatisfactionRate);
}

/// <summary>
/// Alarm KPIs of the closed alarms that occurred in a window: arrival is the first "arrived" step after the alarm occurred,
/// rescue the time from arrival to completion; a miss is a firm that let its arrival limit pass (and was replaced).
/// </summary>
public sealed record AlarmFigures(
    int Alarms,
    int Arrivals,
    double? AverageArrivalMinutes,
    int Rescues,
    double? AverageRescueMinutes,
    int ArrivalLimitMisses,
    int FalseAlarms,
    double? FalseAlarmShare)
{
    public static readonly AlarmFigures None = Of([], _ => true);

    /// <summary>
    /// The figures of <paramref name="alarms"/>; <paramref name="missedBy"/> says whose misses count (a firm's own, when
    /// grouped by firm; any firm's otherwise), <paramref name="answered"/> which alarms' arrival, rescue and false alarm count
    /// (a firm's: those it answered last; all otherwise). <see cref="Alarms"/> counts those answered.
    /// </summary>
    public static AlarmFigures Of(IReadOnlyCollection<AlarmSnapshot> alarms, Func<string, bool> missedBy, Func<AlarmSnapshot, bool>? answered = null)
    {
        var counted = 0;
        var arrivals = new List<double>();
        var rescues = new List<double>();
        var misses = 0;
        var falseAlarms = 0;
        foreach (var alarm in alarms)
        {
            misses += MissesOf(alarm).Count(missedBy);
            if (answered is not null && !answered(alarm))
            {
                continue;
            }

            counted++;
            var arrived = alarm.Steps.FirstOrDefault(s => s.Status == AlarmStatus.Arrived);
            var completed = alarm.Steps.LastOrDefault(s => s.Status == AlarmStatus.Completed);
            if (arrived is not null)
            {
                arrivals.Add((arrived.At - alarm.OccurredAt).TotalMinutes);
                if (completed is not null && completed.At >= arrived.At)
                {
                    rescues.Add((completed.At - arrived.At).TotalMinutes);
                }
            }

            falseAlarms += alarm.Status == AlarmStatus.FalseAlarm ? 1 : 0;
        }

        return new AlarmFigures(
            counted,
            arrivals.Count,
            arrivals.Count == 0 ? null : arrivals.Average(),
            rescues.Count,
            rescues.Count == 0 ? null : rescues.Average(),
            misses,
            falseAlarms,
            counted == 0 ? null : (double)falseAlarms / counted);
    }

    /// <summary>The firms that let the alarm's arrival limit pass: every dispatch but the last was replaced for it.</summary>
    public static IEnumerable<string> MissesOf(AlarmSnapshot alarm) => alarm.Dispatches.Take(alarm.Dispatches.Count - 1).Select(d => d.FirmId);
}

/// <summary>The KPIs of one area, department or firm: null for a side that does not apply (alarms of a department, work orders of a firm).</summary>
public sealed record KpiFigures(TicketFigures? Tickets, AlarmFigures? Alarms);
