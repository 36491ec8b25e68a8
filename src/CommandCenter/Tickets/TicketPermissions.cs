using System.Security.Claims;
using CommandCenter.Auth;
using CommandCenter.Grains.Abstractions;

namespace CommandCenter.Tickets;

/// <summary>
/// Who may take which work-order step (DOMAIN.md, "who may do what"): operators decide (file,
/// cancel, dispatch, send back, close) for tickets in their scope; whoever a ticket is dispatched to
/// (a street, community or department, or the grid worker of its grid) starts and feeds back; the grid
/// worker of the ticket's grid verifies (核查). Operators may also take the hands-on steps.
/// </summary>
public static class TicketPermissions
{
    /// <summary>Why this user may not take this step on this ticket; null when they may.</summary>
    public static string? ProblemOf(ClaimsPrincipal user, TicketAction action, TicketSummary ticket, UserScopes scopes)
    {
        var role = user.RoleOf();
        var scope = user.ScopeOf()?.ToString();
        if (!scopes.Sees(user, ticket))
        {
            return $"Ticket '{ticket.Id}' is outside the scope of {user.Identity?.Name} ({scope}).";
        }

        var allowed = role == Roles.Operator || action switch
        {
            TicketAction.Start or TicketAction.Feedback => ticket.Target?.Key == scope,
            TicketAction.Verify => role == Roles.GridWorker,
            _ => false,
        };
        return allowed ? null
            : action is TicketAction.Start or TicketAction.Feedback
                ? $"{action} is for whoever ticket '{ticket.Id}' is dispatched to ({ticket.Target?.Key ?? "nobody yet"}) or an operator; {user.Identity?.Name} is {role} of {scope}."
            : action == TicketAction.Verify
                ? $"Verify is for the grid worker of the ticket's grid or an operator; {user.Identity?.Name} is {role} of {scope}."
            : $"{action} is an operator's decision; {user.Identity?.Name} is {role} of {scope}.";
    }
}
