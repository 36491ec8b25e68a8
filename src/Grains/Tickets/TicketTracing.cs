using System.Diagnostics;

namespace CommandCenter.Grains.Tickets;

/// <summary>The activity source <c>CommandCenter.Tickets</c>: one span per work-order step (report, act, deadline).</summary>
public static class TicketTracing
{
    public const string SourceName = "CommandCenter.Tickets";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>A step's span, or null when nobody listens or it is not sampled.</summary>
    public static Activity? StartStep(string step, string ticketId)
    {
        var activity = Source.StartActivity(step);
        activity?.SetTag("commandcenter.ticket.id", ticketId);
        return activity;
    }
}
