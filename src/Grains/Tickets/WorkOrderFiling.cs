using CommandCenter.Grains.Abstractions;
using Microsoft.Extensions.Logging;

namespace CommandCenter.Grains.Tickets;

/// <summary>
/// How elevator rules open work orders: reported, filed and dispatched in one go by the system,
/// so the case is on the right desk with its clock running. A failure is logged and never breaks
/// the rule that asked (the alarm or the inspection record is already safe).
/// </summary>
public static class WorkOrderFiling
{
    public const string Actor = "system";

    /// <summary>Returns the new ticket's id, or null when it could not be opened.</summary>
    public static async Task<string?> OpenAsync(
        IGrainFactory grains, TicketReport report, TicketArea dispatchTo, string why, ILogger logger)
    {
        try
        {
            var id = await grains.GetGrain<ITicketDeskGrain>(TicketKeys.Desk).ReportAsync(report);
            var ticket = grains.GetGrain<ITicketGrain>(id);
            await ticket.ActAsync(TicketAction.File, new TicketCommand(Actor, why));
            await ticket.ActAsync(TicketAction.Dispatch, new TicketCommand(Actor, why, dispatchTo));
            return id;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not open a {Category} work order ({Why})", report.Category, why);
            return null;
        }
    }
}
