using System.Diagnostics;

namespace CommandCenter.Grains;

/// <summary>
/// One span per alarm step (<c>CommandCenter.Alarms</c>: open, act, arrival deadline) and per work-order step
/// (<c>CommandCenter.Tickets</c>: report, act, deadline); null when nobody listens or the root is not sampled.
/// </summary>
public static class StepTracing
{
    public const string AlarmsSourceName = "CommandCenter.Alarms";
    public const string TicketsSourceName = "CommandCenter.Tickets";

    private static readonly ActivitySource Alarms = new(AlarmsSourceName);
    private static readonly ActivitySource Tickets = new(TicketsSourceName);

    public static Activity? StartAlarmStep(string step, string alarmId) => Start(Alarms, step, "commandcenter.alarm.id", alarmId);

    public static Activity? StartTicketStep(string step, string ticketId) => Start(Tickets, step, "commandcenter.ticket.id", ticketId);

    private static Activity? Start(ActivitySource source, string step, string idTag, string id)
    {
        var activity = source.StartActivity(step);
        activity?.SetTag(idTag, id);
        return activity;
    }
}
