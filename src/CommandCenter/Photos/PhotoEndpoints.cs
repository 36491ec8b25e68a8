using System.Security.Claims;
using CommandCenter.Api;
using CommandCenter.Audit;
using CommandCenter.Auth;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.Tickets;
using CommandCenter.Tickets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CommandCenter.Photos;

/// <summary>
/// A ticket's photos over REST: <c>POST /api/tickets/{id}/photos</c> (multipart: <c>step</c> and up to three
/// <c>photo</c> files) for whoever may take that step on the ticket, and <c>GET /api/tickets/{id}/photos/{n}</c>
/// for whoever may see the ticket. A photo past its retention answers 410 Gone; one the ticket never had, 404.
/// </summary>
public static class PhotoEndpoints
{
    /// <summary>Photos never change under their link (numbers are not reused), so the browser may keep them; only the user's own cache.</summary>
    private const string CacheControl = "private, max-age=86400";

    public static WebApplication MapPhotoEndpoints(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<PhotoOptions>>().Value;
        var api = app.MapGroup("/api/tickets").WithTags("Photos");
        api.MapPost("/{id}/photos", AttachAsync)
            .RequireAuthorization(ConsolePolicies.TicketActors)
            // Room for the most photos of the largest size: a single larger file is still read to refuse it by name.
            .WithMetadata(new RequestSizeLimitAttribute((PhotoService.MaxPerRequest * options.MaxBytes) + (1024 * 1024)))
            .WithSummary("Attaches up to 3 photos (multipart: step = report | feedback | verification | assist-feedback, photo files) to a ticket; answers the ticket.");
        api.MapGet("/{id}/photos/{n:int}", GetAsync)
            .RequireAuthorization(ConsolePolicies.TicketReaders)
            .WithSummary("A ticket's photo n (from 1), for those who may see the ticket; 410 once removed by retention.");
        return app;
    }

    private static async Task<Results<Ok<TicketDetails>, ProblemHttpResult>> AttachAsync(
        string id, HttpRequest request, IGrainFactory grains, ClaimsPrincipal user, UserScopes scopes, PhotoService photos, IOptions<PhotoOptions> options,
        IStringLocalizer<PhotoText> photoText, IStringLocalizer<TicketText> text, IStringLocalizer<ApiText> apiText, CancellationToken cancellationToken)
    {
        if (await grains.GetGrain<ITicketGrain>(id).GetAsync() is not { } current)
        {
            return TicketEndpoints.Problem(new TicketNotFoundException(id), text);
        }

        if (!scopes.Sees(user, current.Ticket))
        {
            return ApiProblems.OutOfScope(apiText, user, "Ticket", id);
        }

        var actor = AuditActor.Of(request.HttpContext);
        var (form, tooLarge) = await photos.ReadFormAsync(request, options.Value.MaxBytes, actor, id, cancellationToken);
        if (form is null)
        {
            return TypedResults.Problem(tooLarge!.Render(photoText), statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        if (!KebabCase.TryParse<TicketPhotoStep>(form["step"], out var step))
        {
            return ApiProblems.Invalid([new PhotoRefusal(PhotoRefusal.Step, form["step"].ToString(), KebabCase.Names<TicketPhotoStep>()).Render(photoText)]);
        }

        if (PermissionProblem(user, step, current.Ticket, scopes, text, photoText) is { } forbidden)
        {
            return TypedResults.Problem(forbidden, statusCode: StatusCodes.Status403Forbidden);
        }

        // An assisting unit's feedback photos are its own unit's: the signed-in user's.
        var unit = step == TicketPhotoStep.AssistFeedback && TicketArea.TryParse(user.ScopeOf()?.ToString(), out var own) ? own : null;
        var (uploads, unread) = await photos.ReadAsync(form, options.Value.MaxBytes, cancellationToken);
        if (TicketPhotoRules.Problems(current.Ticket, step, uploads.Length + unread.Length, unit) is { IsEmpty: false } ruled)
        {
            return TicketEndpoints.Problem(new TicketValidationException(id, current.Ticket.Status, current.AllowedActions, ruled), text);
        }

        var prepared = photos.Prepare(uploads);
        if (unread.AddRange(prepared.Refusals) is { IsEmpty: false } refusals)
        {
            await photos.RefusedAsync(actor, id, refusals);
            return ApiProblems.Invalid(refusals.Select(refusal => refusal.Render(photoText)));
        }

        try
        {
            var (ticket, overQuota) = await photos.AttachAsync(id, step, prepared.Photos, actor, unit, cancellationToken);
            return overQuota is not null
                ? TypedResults.Problem(overQuota.Render(photoText), statusCode: StatusCodes.Status507InsufficientStorage)
                : TypedResults.Ok(text.Localized(ticket!));
        }
        catch (TicketException ex)
        {
            return TicketEndpoints.Problem(ex, text);
        }
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> GetAsync(
        string id, int n, HttpContext http, IGrainFactory grains, ClaimsPrincipal user, UserScopes scopes, PhotoStore store, IOptions<PhotoOptions> options,
        IStringLocalizer<PhotoText> photoText, IStringLocalizer<TicketText> text, IStringLocalizer<ApiText> apiText)
    {
        if (await grains.GetGrain<ITicketGrain>(id).GetAsync() is not { } details)
        {
            return TicketEndpoints.Problem(new TicketNotFoundException(id), text);
        }

        if (!scopes.Sees(user, details.Ticket))
        {
            return ApiProblems.OutOfScope(apiText, user, "Ticket", id);
        }

        if (details.Ticket.PhotoRecords.FirstOrDefault(photo => photo.Number == n) is not { } record)
        {
            return TypedResults.Problem(photoText["NoSuchPhoto", id, n], statusCode: StatusCodes.Status404NotFound);
        }

        if (store.Open(record.PhotoId) is not { } photo)
        {
            return TypedResults.Problem(photoText["PhotoRemoved", id, n, options.Value.KeepDays], statusCode: StatusCodes.Status410Gone);
        }

        http.Response.Headers[HeaderNames.CacheControl] = CacheControl;
        return TypedResults.Stream(photo.Content, photo.ContentType);
    }

    /// <summary>
    /// Who may add photos at a step: those who may take it (<see cref="TicketPermissions"/>: feedback for the disposer,
    /// verification for the grid worker, operators for both, an assisting unit's feedback for department, street and community
    /// staff who see the case, whose unit must then be an assisting one); with the report, its reporter and operators.
    /// </summary>
    private static string? PermissionProblem(
        ClaimsPrincipal user, TicketPhotoStep step, TicketSummary ticket, UserScopes scopes, IStringLocalizer<TicketText> text, IStringLocalizer<PhotoText> photoText) =>
        step switch
        {
            TicketPhotoStep.Feedback => TicketPermissions.ProblemOf(user, TicketAction.Feedback, ticket, scopes, text),
            TicketPhotoStep.Verification => TicketPermissions.ProblemOf(user, TicketAction.Verify, ticket, scopes, text),
            TicketPhotoStep.AssistFeedback => TicketPermissions.CoProblemOf(user, TicketCoStep.AssistFeedback, ticket, scopes, text),
            _ when user.RoleOf() == Roles.Operator || user.Identity?.Name == ticket.Reporter => null,
            _ => photoText["ReporterOnly", ticket.Id, user.Identity?.Name ?? "", user.RoleOf() ?? ""],
        };
}
