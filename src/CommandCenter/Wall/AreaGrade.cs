using CommandCenter.Grains.Abstractions;
using CommandCenter.Protocol;

namespace CommandCenter.Wall;

/// <summary>How an area looks on the map, worst last so states compare by severity.</summary>
public enum AreaState
{
    Normal,
    Notice,
    Warning,
    Critical,
}

/// <summary>Grades an area's rollup counters into the colour the map gives it.</summary>
public static class AreaGrade
{
    public static AreaState Of(AreaStats stats)
    {
        if (stats[AreaMetrics.AlarmsCritical] > 0 || stats[AreaMetrics.AlarmsSlaBreached] > 0 || stats[AreaMetrics.TicketsOverdueUrgent] > 0)
        {
            return AreaState.Critical;
        }

        if (stats[AreaMetrics.AlarmsMajor] > 0 || stats[AreaMetrics.ElevatorsOutOfService] > 0 ||
            stats[AreaMetrics.TicketsOverdueRed] > 0 || stats[AreaMetrics.MaintenanceOverdue] > 0)
        {
            return AreaState.Warning;
        }

        return stats[AreaMetrics.AlarmsMinor] > 0 || stats[AreaMetrics.ElevatorsOffline] > 0 || stats[AreaMetrics.TicketsOverdueYellow] > 0 ||
               stats[AreaMetrics.DailyOverdue] > 0 || stats[AreaMetrics.WeeklyOverdue] > 0 || stats[AreaMetrics.MonthlyOverdue] > 0 ||
               stats[AreaMetrics.ParkingSensorsUnhealthy] > 0
            ? AreaState.Notice
            : AreaState.Normal;
    }

    /// <summary>What one open alarm alone makes of its area: rollups lag a little, alarms arrive at once.</summary>
    public static AreaState Of(AlarmSnapshot alarm) =>
        !alarm.IsOpen ? AreaState.Normal
        : alarm.Severity == AlarmSeverity.Critical || alarm.ArrivalLimitMissed ? AreaState.Critical
        : alarm.Severity == AlarmSeverity.Major ? AreaState.Warning
        : AreaState.Notice;

    public static AreaState Worst(AreaState a, AreaState b) => a > b ? a : b;

    public static string CssClass(AreaState state) => state.ToString().ToLowerInvariant();
}
