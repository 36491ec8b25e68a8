using System.Security.Claims;
using CommandCenter.Auth;
using CommandCenter.Grains.Abstractions;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Tickets;

/// <summary>
/// Who may take which work-order step (DOMAIN.md, "who may do what"): operators decide (file,
/// cancel, dispatch, send back, close) for tickets in their scope; whoever a ticket is dispatched to
/// (a street, community or department, or the grid worker of its grid) starts and feeds back; the grid
/// worker of the ticket's grid verifies (核查). Operators may also take the hands-on steps.
/// </summary>
public static class TicketPermissions
{
    /// <summary>Why this user may not take this step on this ticket, in the current UI culture; null when they may.</summary>
    public static string? ProblemOf(ClaimsPrincipal user, TicketAction action, TicketSummary ticket, UserScopes scopes, IStringLocalizer<TicketText> text)
    {
        var role = user.RoleOf() ?? "";
        var scope = user.ScopeOf()?.ToString() ?? "";
        var name = user.Identity?.Name ?? "";
        if (!scopes.Sees(user, ticket))
        {
            return text["Permission.OutOfScope", ticket.Id, name, scope];
        }

        var allowed = role == Roles.Operator || action switch
        {
            TicketAction.Start or TicketAction.Feedback or TicketAction.Return => ticket.Target?.Key == scope,
            // Only in their own grids: seeing a case they reported elsewhere (UserScopes.Sees) does not make it theirs to verify.
            TicketAction.Verify => role == Roles.GridWorker && ticket.Location.GridId is { } grid && scopes.Covers(user, AreaKeys.Grid(grid)),
            _ => false,
        };
        var step = KebabCase.Of(action);
        return allowed ? null
            : action is TicketAction.Start or TicketAction.Feedback or TicketAction.Return
                ? text["Permission.DispatchedOnly", step, ticket.Id, ticket.Target?.Key ?? text["Permission.NobodyYet"], name, role, scope].Value
            : action == TicketAction.Verify
                ? text["Permission.GridWorkerOnly", name, role, scope].Value
            : text["Permission.OperatorOnly", step, name, role, scope].Value;
    }

    /// <summary>
    /// Who may evaluate (回访) a case and through which channel: an operator in scope takes down a citizen's answer on the
    /// phone; the grid worker who reported it gives their own. Null with the reason in the current UI culture otherwise.
    /// </summary>
    public static (TicketEvaluationChannel? Channel, string? Problem) EvaluationChannelOf(
        ClaimsPrincipal user, TicketSummary ticket, UserScopes scopes, IStringLocalizer<TicketText> text)
    {
        var name = user.Identity?.Name ?? "";
        var role = user.RoleOf() ?? "";
        var scope = user.ScopeOf()?.ToString() ?? "";
        return !scopes.Sees(user, ticket) ? (null, text["Permission.OutOfScope", ticket.Id, name, scope])
            : role == Roles.Operator ? (TicketEvaluationChannel.Phone, null)
            : role == Roles.GridWorker && ticket.Source == TicketSource.GridWorker && ticket.Reporter == name ? (TicketEvaluationChannel.Reporter, null)
            : (null, text["Permission.EvaluatorOnly", ticket.Id, name, role, scope]);
    }

    /// <summary>
    /// Who may take a co-handling or whistle step: operators in scope add assisting units; a street whose area the case is in
    /// (or an operator) whistles; a department, street or community takes its own unit's steps on a case it sees (whether its
    /// unit assists or was summoned is the ticket's to say). Null when they may.
    /// </summary>
    public static string? CoProblemOf(ClaimsPrincipal user, TicketCoStep step, TicketSummary ticket, UserScopes scopes, IStringLocalizer<TicketText> text)
    {
        var role = user.RoleOf() ?? "";
        var scope = user.ScopeOf()?.ToString() ?? "";
        var name = user.Identity?.Name ?? "";
        if (!scopes.Sees(user, ticket))
        {
            return text["Permission.OutOfScope", ticket.Id, name, scope];
        }

        var allowed = step switch
        {
            TicketCoStep.Assist => role == Roles.Operator,
            TicketCoStep.Whistle => role == Roles.Operator || (role == Roles.Street && ticket.PlacePath.Concat(ticket.AreaPath).Any(area => area.Key == scope)),
            _ => role is Roles.Department or Roles.Street or Roles.Community,
        };
        return allowed ? null : text["Permission.CoStep", KebabCase.Of(step), name, role, scope].Value;
    }
}
