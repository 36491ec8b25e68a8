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
    public const string Evaluate = "/m/forms/evaluate";

    /// <summary>The evaluation form's fields: the satisfaction (kebab case) and whether an unsatisfied one reopens the case.</summary>
    public const string SatisfactionField = "satisfaction";
    public const string ReworkField = "rework";

    /// <summary>The verification form's field naming the ticket, and its comment.</summary>
    public const string TicketField = "ticket";
    public const string CommentField = TicketFormSteps.CommentField;

    public static WebApplication MapMobileFormEndpoints(this WebApplication app)
    {
        var sizeLimit = new RequestSizeLimitAttribute(app.Services.GetRequiredService<CaseIntake>().MaxRequestBytes);
        app.MapPost(Report, ReportAsync).RequireAuthorization(ConsolePolicies.GridWorkers).RequireFormAntiforgery()
            .WithMetadata(sizeLimit).WithTags("Console").ExcludeFromDescription();
        app.MapPost(Verify, VerifyAsync).RequireAuthorization(ConsolePolicies.GridWorkers).RequireFormAntiforgery()
            .WithMetadata(sizeLimit).WithTags("Console").ExcludeFromDescription();
        app.MapPost(Evaluate, EvaluateAsync).RequireAuthorization(ConsolePolicies.GridWorkers).RequireFormAntiforgery()
            .WithTags("Console").ExcludeFromDescription();
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
    private static async Task<IResult> VerifyAsync(HttpContext http, TicketFormSteps steps, MobileFlash flash, IStringLocalizer<CaseText> text, CancellationToken cancellationToken)
    {
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var id = form[TicketField].ToString();
        var problems = await steps.TakeAsync(http, form, id, TicketAction.Verify, TicketPhotoStep.Verification, photoRequired: true, cancellationToken);
        flash.Set(http, problems is null ? new MobileMessage(true, [text["Mobile.Verified", id]]) : new MobileMessage(false, [.. problems]));
        return Results.LocalRedirect(ConsoleRoutes.MobileTasks);
    }

    /// <summary>回访: the grid worker who reported a closed case gives the resident's satisfaction; unsatisfied may reopen it as rework.</summary>
    private static async Task<IResult> EvaluateAsync(
        HttpContext http, TicketEvaluations evaluations, MobileFlash flash, IStringLocalizer<CaseText> text, CancellationToken cancellationToken)
    {
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var id = form[TicketField].ToString();
        var body = new TicketEvaluationBody(form[SatisfactionField].ToString(), form[CommentField].ToString(), form[ReworkField].ToString() is "true" or "on");
        var result = await evaluations.EvaluateAsync(http.User, AuditActor.Of(http), id, body);
        flash.Set(http, result.Ticket is not null ? new MobileMessage(true, [text["Mobile.Evaluated", id]]) : new MobileMessage(false, [.. result.Problems]));
        return Results.LocalRedirect(ConsoleRoutes.MobileCases);
    }
}
