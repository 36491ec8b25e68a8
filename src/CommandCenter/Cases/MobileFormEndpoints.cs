using System.Security.Claims;
using CommandCenter.Audit;
using CommandCenter.Auth;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.Tickets;
using CommandCenter.Photos;
using CommandCenter.Tickets;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CommandCenter.Cases;

/// <summary>
/// Where the grid worker's phone pages post their plain HTML forms (no Blazor circuit): each takes the step as the
/// signed-in grid worker, keeps the outcome for the page (<see cref="MobileFlash"/>) and redirects to it (Post/Redirect/Get).
/// </summary>
public static class MobileFormEndpoints
{
    public const string Report = "/m/forms/report";
    public const string Verify = "/m/forms/verify";

    /// <summary>The verification form's field naming the ticket, and its comment.</summary>
    public const string TicketField = "ticket";
    public const string CommentField = "comment";

    public static WebApplication MapMobileFormEndpoints(this WebApplication app)
    {
        var sizeLimit = new RequestSizeLimitAttribute(app.Services.GetRequiredService<CaseIntake>().MaxRequestBytes);
        app.MapPost(Report, ReportAsync).RequireAuthorization(ConsolePolicies.GridWorkers).RequireFormAntiforgery()
            .WithMetadata(sizeLimit).WithTags("Console").ExcludeFromDescription();
        app.MapPost(Verify, VerifyAsync).RequireAuthorization(ConsolePolicies.GridWorkers).RequireFormAntiforgery()
            .WithMetadata(sizeLimit).WithTags("Console").ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ReportAsync(HttpContext http, CaseIntake intake, MobileFlash flash, IStringLocalizer<CaseText> text, CancellationToken cancellationToken)
    {
        var (ticket, refusal) = await intake.ReportAsync(http.Request, cancellationToken);
        if (refusal is not null)
        {
            flash.Set(http, new MobileMessage(false, refusal.Reasons));
            return Results.LocalRedirect(ConsoleRoutes.MobileReport);
        }

        var location = ticket!.Ticket.Location;
        flash.Set(http, new MobileMessage(true, [text["Mobile.Reported", ticket.Ticket.Id, location.GridId ?? ""]]));
        return Results.LocalRedirect(ConsoleRoutes.MobileCases);
    }

    /// <summary>
    /// 核查: the grid worker of the case's grid confirms the disposal with at least one photo. The photos are checked, then
    /// attached as verification photos, then the ticket takes the verify step; any refusal changes nothing.
    /// </summary>
    private static async Task<IResult> VerifyAsync(
        HttpContext http, IGrainFactory grains, UserScopes scopes, PhotoService photos, IOptions<PhotoOptions> options, AuditLog audit, MobileFlash flash,
        IStringLocalizer<CaseText> text, IStringLocalizer<TicketText> ticketText, IStringLocalizer<PhotoText> photoText, CancellationToken cancellationToken)
    {
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var id = form[TicketField].ToString();
        var problems = await VerificationProblemsAsync(http, form, id, grains, scopes, photos, options.Value, audit, ticketText, photoText, cancellationToken);
        flash.Set(http, problems is null ? new MobileMessage(true, [text["Mobile.Verified", id]]) : new MobileMessage(false, [.. problems]));
        return Results.LocalRedirect(ConsoleRoutes.MobileTasks);
    }

    private static async Task<IReadOnlyList<string>?> VerificationProblemsAsync(
        HttpContext http, IFormCollection form, string id, IGrainFactory grains, UserScopes scopes, PhotoService photos, PhotoOptions options, AuditLog audit,
        IStringLocalizer<TicketText> ticketText, IStringLocalizer<PhotoText> photoText, CancellationToken cancellationToken)
    {
        var user = http.User;
        if (string.IsNullOrWhiteSpace(id) || await grains.GetGrain<ITicketGrain>(id).GetAsync() is not { } current)
        {
            return [ticketText.Refusal(new TicketNotFoundException(id))];
        }

        if (TicketPermissions.ProblemOf(user, TicketAction.Verify, current.Ticket, scopes, ticketText) is { } forbidden)
        {
            return [forbidden];
        }

        var actor = AuditActor.Of(http);
        var (uploads, unread) = await photos.ReadAsync(form, options.MaxBytes, cancellationToken);
        if (TicketPhotoRules.Problems(current.Ticket, TicketPhotoStep.Verification, uploads.Length + unread.Length) is { IsEmpty: false } ruled)
        {
            return [ticketText.Refusal(new TicketValidationException(id, current.Ticket.Status, current.AllowedActions, ruled))];
        }

        var prepared = photos.Prepare(uploads);
        if (unread.AddRange(prepared.Refusals) is { IsEmpty: false } refusals)
        {
            await photos.RefusedAsync(actor, id, refusals);
            return [.. refusals.Select(refusal => refusal.Render(photoText))];
        }

        try
        {
            var (_, overQuota) = await photos.AttachAsync(id, TicketPhotoStep.Verification, prepared.Photos, actor, cancellationToken);
            if (overQuota is not null)
            {
                return [overQuota.Render(photoText)];
            }

            var command = new TicketCommand(user.Identity!.Name!, form[CommentField].ToString());
            var verified = await grains.GetGrain<ITicketGrain>(id).ActAsync(TicketAction.Verify, command);
            await audit.RecordTicketStepAsync(actor, TicketAction.Verify, command, verified);
            return null;
        }
        catch (TicketException ex)
        {
            return [ticketText.Refusal(ex)];
        }
    }
}
