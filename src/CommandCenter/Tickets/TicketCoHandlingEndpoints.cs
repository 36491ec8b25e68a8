using System.Collections.Immutable;
using System.Security.Claims;
using CommandCenter.Audit;
using CommandCenter.Auth;
using CommandCenter.Grains.Abstractions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Tickets;

/// <summary>
/// A co-handling or whistle step as posted: the units an operator adds as assisting (<c>units</c>: <c>{level, id}</c>), or the
/// departments a street summons (<c>departments</c>: their ids), and the comment. A unit's own steps name no unit: it is the
/// signed-in user's.
/// </summary>
public sealed record TicketCoBody(ImmutableArray<TicketArea>? Units, ImmutableArray<string>? Departments, string? Comment);

/// <summary>
/// Co-handling (协办) and 街乡吹哨、部门报到 over REST, one POST per step (<c>/api/tickets/{id}/assist</c>, <c>assist-accept</c>,
/// <c>assist-feedback</c>, <c>whistle</c>, <c>report-in</c>); refusals as the workflow's steps answer them.
/// </summary>
public static class TicketCoHandlingEndpoints
{
    public static WebApplication MapTicketCoHandlingEndpoints(this WebApplication app)
    {
        var api = app.MapGroup("/api/tickets").WithTags("Tickets");
        foreach (var step in Enum.GetValues<TicketCoStep>())
        {
            api.MapPost($"/{{id}}/{KebabCase.Of(step)}", (
                    string id, TicketCoBody? body, IGrainFactory grains, ClaimsPrincipal user, UserScopes scopes, AuditLog audit, HttpContext http, IStringLocalizer<TicketText> text) =>
                    CoHandleAsync(id, step, body, grains, user, scopes, audit, http, text))
                .RequireAuthorization(PolicyOf(step))
                .WithName($"Ticket{step}")
                .WithSummary(SummaryOf(step));
        }

        return app;
    }

    /// <summary>Takes the step as the signed-in user; also what the disposal console's forms call.</summary>
    public static async Task<(TicketDetails? Ticket, ProblemHttpResult? Refusal)> TakeAsync(
        string id, TicketCoStep step, TicketCoBody body, IGrainFactory grains, ClaimsPrincipal user, UserScopes scopes, AuditLog audit, AuditActor actor,
        IStringLocalizer<TicketText> text)
    {
        var ticket = string.IsNullOrWhiteSpace(id) ? null : grains.GetGrain<ITicketGrain>(id);
        if (ticket is null || await ticket.GetAsync() is not { } current)
        {
            return (null, TicketEndpoints.Problem(new TicketNotFoundException(id), text));
        }

        if (TicketPermissions.CoProblemOf(user, step, current.Ticket, scopes, text) is { } refusal)
        {
            return (null, TypedResults.Problem(refusal, statusCode: StatusCodes.Status403Forbidden));
        }

        // A unit's own step is for the signed-in user's unit; the others name theirs.
        ImmutableArray<TicketArea> units = step switch
        {
            TicketCoStep.Assist => body.Units ?? [],
            TicketCoStep.Whistle => [.. (body.Departments ?? []).Select(department => new TicketArea(TicketAreaLevel.Department, department))],
            _ => TicketArea.TryParse(user.ScopeOf()?.ToString(), out var own) ? [own] : [],
        };
        try
        {
            var command = new TicketCoCommand(user.Identity!.Name!, step, units, body.Comment);
            var acted = await ticket.CoHandleAsync(command);
            await audit.RecordAsync(actor, AuditActions.TicketStep, id, $"{step} {string.Join(", ", units.Select(unit => unit.Key))}");
            return (acted, null);
        }
        catch (TicketException ex)
        {
            return (null, TicketEndpoints.Problem(ex, text));
        }
    }

    private static async Task<Results<Ok<TicketDetails>, ProblemHttpResult>> CoHandleAsync(
        string id, TicketCoStep step, TicketCoBody? body, IGrainFactory grains, ClaimsPrincipal user, UserScopes scopes, AuditLog audit, HttpContext http,
        IStringLocalizer<TicketText> text)
    {
        var (acted, refusal) = await TakeAsync(id, step, body ?? new TicketCoBody(null, null, null), grains, user, scopes, audit, AuditActor.Of(http), text);
        return acted is not null ? TypedResults.Ok(text.Localized(acted)) : refusal!;
    }

    private static string PolicyOf(TicketCoStep step) => step switch
    {
        TicketCoStep.Assist => ConsolePolicies.Operator,
        TicketCoStep.Whistle => ConsolePolicies.Whistlers,
        _ => ConsolePolicies.DisposalConsole,
    };

    private static string SummaryOf(TicketCoStep step) => step switch
    {
        TicketCoStep.Assist => "Adds assisting units {units: [{level, id}]} to a dispatched case (协办); the dispatched unit stays the lead.",
        TicketCoStep.AssistAccept => "The signed-in assisting unit accepts its part.",
        TicketCoStep.AssistFeedback => "The signed-in assisting unit feeds back its part {comment}.",
        TicketCoStep.Whistle => "A street summons departments {departments: [id], comment} to a case in its street (街乡吹哨).",
        _ => "The signed-in summoned department reports in (部门报到) {comment}.",
    };
}
