namespace CommandCenter.Grains.Abstractions;

/// <summary>
/// The intake desk (受理): validates a report, numbers it and creates the ticket. Callers in other
/// grains use <c>GrainFactory.GetGrain&lt;ITicketDeskGrain&gt;(GrainKeys.TicketDesk).ReportAsync(report)</c>.
/// </summary>
public interface ITicketDeskGrain : IGrainWithIntegerKey
{
    /// <summary>Creates a ticket and returns its id; throws <see cref="TicketValidationException"/> without numbering a bad report.</summary>
    Task<string> ReportAsync(TicketReport report);

    /// <summary>
    /// Validates a report and hands out the id for it without creating the ticket, for a caller that
    /// must store the id first (<see cref="IWorkOrderFilingGrain"/>); throws like <see cref="ReportAsync"/>.
    /// </summary>
    Task<string> NumberAsync(TicketReport report);
}

/// <summary>Hands out ticket numbers, one sequence per local day, durable across restarts.</summary>
public interface ITicketNumberGrain : IGrainWithIntegerKey
{
    /// <summary>The next id, e.g. <c>WO-20261125-000123</c>, dated in the working calendar's time zone.</summary>
    Task<string> NextIdAsync();
}
