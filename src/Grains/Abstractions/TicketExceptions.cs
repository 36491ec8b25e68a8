using System.Collections.Immutable;

namespace CommandCenter.Grains.Abstractions;

/// <summary>
/// A ticket refused a request and changed nothing. It names the ticket's current status (null when
/// the ticket does not exist) and the actions allowed now, so callers can say what would work.
/// </summary>
[GenerateSerializer]
public abstract class TicketException : Exception
{
    protected TicketException(string ticketId, TicketStatus? status, ImmutableArray<TicketAction> allowedActions, string message)
        : base(message)
    {
        TicketId = ticketId;
        Status = status;
        AllowedActions = allowedActions;
    }

    [Id(0)] public string TicketId { get; init; }

    [Id(1)] public TicketStatus? Status { get; init; }

    [Id(2)] public ImmutableArray<TicketAction> AllowedActions { get; init; }
}

/// <summary>The action is not allowed in the ticket's current status (REST: 409).</summary>
[GenerateSerializer]
public sealed class TicketTransitionException(string ticketId, TicketStatus status, TicketAction action, ImmutableArray<TicketAction> allowedActions)
    : TicketException(
        ticketId,
        status,
        allowedActions,
        $"Ticket {ticketId} is {KebabCase.Of(status)}: '{KebabCase.Of(action)}' is not allowed; allowed: {Describe(allowedActions)}.")
{
    [Id(0)] public TicketAction Action { get; init; } = action;

    private static string Describe(ImmutableArray<TicketAction> actions) =>
        actions.IsEmpty ? "none" : string.Join(", ", actions.Select(KebabCase.Of));
}

/// <summary>
/// The request itself is wrong: a missing actor, an unknown category or area (REST: 400). A report
/// refused before it was numbered has an empty <see cref="TicketException.TicketId"/>.
/// </summary>
[GenerateSerializer]
public sealed class TicketValidationException(string ticketId, TicketStatus? status, ImmutableArray<TicketAction> allowedActions, ImmutableArray<string> errors)
    : TicketException(ticketId, status, allowedActions, $"{(ticketId.Length == 0 ? "Report" : $"Ticket {ticketId}")} refused: {string.Join(" ", errors)}")
{
    [Id(0)] public ImmutableArray<string> Errors { get; init; } = errors;
}

/// <summary>No ticket has this id (REST: 404).</summary>
[GenerateSerializer]
public sealed class TicketNotFoundException(string ticketId)
    : TicketException(ticketId, null, [], $"Ticket {ticketId} does not exist.");
