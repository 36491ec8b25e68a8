using CommandCenter.Grains.Abstractions;
using CommandCenter.Protocol;

namespace CommandCenter.Components.Firm;

/// <summary>
/// One firm's alarm KPIs over the city's open and recently closed alarms: how many are open, how
/// fast it arrives once dispatched, how often it missed the arrival limit and lost the alarm.
/// </summary>
public sealed record FirmAlarmKpis(int Open, int Arrivals, double? AverageArrivalMinutes, int SlaMisses, int Closed, int FalseAlarms)
{
    public static FirmAlarmKpis Of(string firmId, IEnumerable<AlarmSnapshot> alarms)
    {
        var open = 0;
        var closed = 0;
        var falseAlarms = 0;
        var misses = 0;
        var arrivalMinutes = new List<double>();
        foreach (var alarm in alarms)
        {
            // A dispatch to this firm followed by another one is a missed arrival limit.
            misses += alarm.Dispatches.SkipLast(1).Count(d => d.FirmId == firmId);
            if (alarm.FirmId != firmId)
            {
                continue;
            }

            open += alarm.IsOpen ? 1 : 0;
            closed += alarm.IsOpen ? 0 : 1;
            falseAlarms += alarm.Status == AlarmStatus.FalseAlarm ? 1 : 0;
            // No dispatch follows an arrival, so the last dispatch is the one this firm answered.
            if (alarm.Steps.FirstOrDefault(s => s.Status == AlarmStatus.Arrived) is { } arrived)
            {
                arrivalMinutes.Add((arrived.At - alarm.Dispatches[^1].At).TotalMinutes);
            }
        }

        return new FirmAlarmKpis(open, arrivalMinutes.Count, arrivalMinutes.Count == 0 ? null : arrivalMinutes.Average(), misses, closed, falseAlarms);
    }
}
