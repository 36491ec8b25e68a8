using CommandCenter.Grains.Abstractions;

namespace CommandCenter.Grains.Tickets;

[GenerateSerializer]
public sealed class WorkOrderFilingState
{
    /// <summary>The id handed out for this key; stored before the ticket is created.</summary>
    [Id(0)]
    public string? TicketId { get; set; }
}

/// <summary>
/// Opens the work order of one rule event (key: what caused it). The id is stored before the ticket
/// exists and every later step looks at the ticket's status first, so a retry at any point resumes
/// where the last attempt stopped; the worst a crash leaves is a gap in the day's numbers.
/// </summary>
public sealed class WorkOrderFilingGrain(
    [PersistentState("workOrderFiling", StorageNames.Grains)] IPersistentState<WorkOrderFilingState> state) : Grain, IWorkOrderFilingGrain
{
    public async Task<string> OpenAsync(TicketReport report, TicketArea dispatchTo, string why)
    {
        if (state.State.TicketId is null)
        {
            state.State.TicketId = await GrainFactory.GetGrain<ITicketDeskGrain>(GrainKeys.TicketDesk).NumberAsync(report);
            await state.WriteOrStartOverAsync(this);
        }

        var id = state.State.TicketId;
        var ticket = GrainFactory.GetGrain<ITicketGrain>(id);
        var status = (await ticket.GetAsync() ?? await ticket.ReportAsync(report)).Ticket.Status;
        if (status == TicketStatus.Reported)
        {
            status = (await ticket.ActAsync(TicketAction.File, new TicketCommand(WorkOrderFiling.Actor, why))).Ticket.Status;
        }

        if (status == TicketStatus.Filed)
        {
            await ticket.ActAsync(TicketAction.Dispatch, new TicketCommand(WorkOrderFiling.Actor, why, dispatchTo));
        }

        return id;
    }
}
