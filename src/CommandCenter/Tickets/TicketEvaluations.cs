using System.Security.Claims;
using CommandCenter.Audit;
using CommandCenter.Auth;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Localization;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Tickets;

/// <summary>What an evaluation asks: the satisfaction by name (<c>satisfied</c>, <c>basically-satisfied</c>, <c>unsatisfied</c>), a comment, and whether an unsatisfied one reopens the case.</summary>
public sealed record TicketEvaluationBody(string? Satisfaction, string? Comment, bool? Rework);

/// <summary>An evaluation's outcome: the ticket after it, or why it was refused (the HTTP status and the reasons, nothing changed).</summary>
public sealed record TicketEvaluationResult(TicketDetails? Ticket, int Status, IReadOnlyList<string> Problems, TicketException? Refusal = null);

/// <summary>
/// Evaluations (回访) of closed cases, as the API, the grid worker's phone and the operator's desk take them: the signed-in
/// identity is the actor, and decides the channel (<see cref="TicketPermissions.EvaluationChannelOf"/>).
/// </summary>
public sealed class TicketEvaluations(IGrainFactory grains, UserScopes scopes, AuditLog audit, IStringLocalizer<TicketText> text)
{
    public async Task<TicketEvaluationResult> EvaluateAsync(ClaimsPrincipal user, AuditActor actor, string id, TicketEvaluationBody body)
    {
        var ticket = string.IsNullOrWhiteSpace(id) ? null : grains.GetGrain<ITicketGrain>(id);
        if (ticket is null || await ticket.GetAsync() is not { } current)
        {
            var missing = new TicketNotFoundException(id);
            return new(null, StatusCodes.Status404NotFound, [text.Refusal(missing)], missing);
        }

        var (channel, problem) = TicketPermissions.EvaluationChannelOf(user, current.Ticket, scopes, text);
        if (channel is null)
        {
            return new(null, StatusCodes.Status403Forbidden, [problem!]);
        }

        if (!KebabCase.TryParse<TicketSatisfaction>(body.Satisfaction, out var satisfaction))
        {
            return new(null, StatusCodes.Status400BadRequest, [text.Render(TextCode.Of(TicketProblems.UnknownSatisfaction, KebabCase.Names<TicketSatisfaction>()))]);
        }

        try
        {
            var command = new TicketEvaluationCommand(user.Identity!.Name!, satisfaction, body.Comment, channel.Value, body.Rework ?? false);
            var evaluated = await ticket.EvaluateAsync(command);
            await audit.RecordTicketEvaluationAsync(actor, command, evaluated);
            return new(evaluated, StatusCodes.Status200OK, []);
        }
        catch (TicketException ex)
        {
            return new(null, StatusCodes.Status400BadRequest, [text.Refusal(ex)], ex);
        }
    }
}
