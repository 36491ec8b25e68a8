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

    /// <summary>
    /// Returns the ticket's id, or null when it could not be opened. <paramref name="key"/> names the
    /// event (derived from the alarm or record id): asking again with it returns the same order.
    /// </summary>
    public static async Task<string?> OpenAsync(
        IGrainFactory grains, string key, TicketReport report, TicketArea dispatchTo, string why, ILogger logger)
    {
        try
        {
            return await grains.GetGrain<IWorkOrderFilingGrain>(key).OpenAsync(report, dispatchTo, why);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not open a {Category} work order ({Why})", report.Category, why);
            return null;
        }
    }
}
