namespace CommandCenter.Grains.Abstractions;

/// <summary>
/// One work order opened by a rule, keyed by what caused it (an alarm's missed arrival, an inspection
/// record). Filing again under the same key returns the order the first attempt opened and finishes
/// its filing and dispatch if that attempt stopped half-way, so a rule retried after a crash between
/// filing and saving the ticket id never opens a second order.
/// </summary>
public interface IWorkOrderFilingGrain : IGrainWithStringKey
{
    /// <summary>Reports, files and dispatches the order once; returns its id.</summary>
    Task<string> OpenAsync(TicketReport report, TicketArea dispatchTo, string why);
}
