using System.Collections.Immutable;
using CommandCenter.Grains.Abstractions;

namespace CommandCenter.Grains.Tickets;

/// <summary>The legal moves of a work order; anything not listed here is refused.</summary>
public static class TicketWorkflow
{
    private static readonly Dictionary<(TicketStatus From, TicketAction Action), TicketStatus> Moves = new()
    {
        [(TicketStatus.Reported, TicketAction.File)] = TicketStatus.Filed,
        [(TicketStatus.Reported, TicketAction.Cancel)] = TicketStatus.Cancelled,
        [(TicketStatus.Filed, TicketAction.Dispatch)] = TicketStatus.Dispatched,
        [(TicketStatus.Dispatched, TicketAction.Start)] = TicketStatus.InProgress,
        [(TicketStatus.InProgress, TicketAction.Feedback)] = TicketStatus.Feedback,
        [(TicketStatus.Feedback, TicketAction.Verify)] = TicketStatus.Verified,
        [(TicketStatus.Verified, TicketAction.Close)] = TicketStatus.Closed,

        // Verification found the disposal wanting: back to the disposer for rework; the clock keeps running.
        [(TicketStatus.Feedback, TicketAction.SendBack)] = TicketStatus.Dispatched,
        [(TicketStatus.Verified, TicketAction.SendBack)] = TicketStatus.Dispatched,

        // Not theirs: the unit sends it back to the command center before accepting it, to be dispatched again.
        [(TicketStatus.Dispatched, TicketAction.Return)] = TicketStatus.Filed,
    };

    public static bool TryMove(TicketStatus from, TicketAction action, out TicketStatus to) => Moves.TryGetValue((from, action), out to);

    public static ImmutableArray<TicketAction> AllowedActions(TicketStatus status) =>
        [.. Moves.Keys.Where(move => move.From == status).Select(move => move.Action).Order()];
}
