namespace CommandCenter.Grains.Abstractions;

/// <summary>
/// Told of every work order that finished (closed or cancelled) before the ticket is archived; a listener that
/// throws is called again when the deadline sweeper retries the archiving, so it hears of each at least once and
/// must take a repeat calmly. The 12345 hotline referrals tell the hotline the outcome through it.
/// </summary>
public interface ITicketOutcomeListener
{
    Task FinishedAsync(TicketDetails ticket);

    /// <summary>
    /// Told of every evaluation (回访) of a closed work order once it is stored, whether or not it reopened the case. The
    /// evaluation stands whatever a listener does: one that throws is logged and not called again.
    /// </summary>
    Task EvaluatedAsync(TicketDetails ticket) => Task.CompletedTask;
}
