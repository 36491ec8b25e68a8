using CommandCenter.Audit;
using CommandCenter.Auth;
using CommandCenter.Cases;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Tickets;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Disposal;

/// <summary>
/// Where the disposal console's plain forms post: accept (签收, the workflow's start step), return as wrongly dispatched (退回,
/// with a reason) and feed back with photos (反馈). Each is taken as the signed-in unit's user, who must be the one the case is
/// dispatched to (<see cref="TicketPermissions"/>); the outcome is shown once on <c>/work</c> (Post/Redirect/Get). So are the
/// unit's co-handling steps (accept and feed back its assisting part, with photos, report in when summoned) and a street's whistle.
/// </summary>
public static class DisposalFormEndpoints
{
    public const string Accept = "/work/forms/accept";
    public const string Return = "/work/forms/return";
    public const string Feedback = "/work/forms/feedback";
    public const string AssistAccept = "/work/forms/assist-accept";
    public const string AssistFeedback = "/work/forms/assist-feedback";
    public const string ReportIn = "/work/forms/report-in";
    public const string Whistle = "/work/forms/whistle";

    /// <summary>The whistle form's departments, one value each.</summary>
    public const string DepartmentsField = "departments";

    /// <summary>The field naming the ticket; the comment is <see cref="TicketFormSteps.CommentField"/>.</summary>
    public const string TicketField = "ticket";

    public static WebApplication MapDisposalFormEndpoints(this WebApplication app)
    {
        var sizeLimit = new RequestSizeLimitAttribute(app.Services.GetRequiredService<CaseIntake>().MaxRequestBytes);
        Map(app, Accept, TicketAction.Start, null);
        Map(app, Return, TicketAction.Return, null);
        Map(app, Feedback, TicketAction.Feedback, TicketPhotoStep.Feedback).WithMetadata(sizeLimit);
        MapCo(app, AssistAccept, TicketCoStep.AssistAccept, ConsolePolicies.DisposalConsole);
        MapAssistFeedback(app).WithMetadata(sizeLimit);
        MapCo(app, ReportIn, TicketCoStep.ReportIn, ConsolePolicies.DisposalConsole);
        MapCo(app, Whistle, TicketCoStep.Whistle, ConsolePolicies.DisposalConsole);
        return app;
    }

    /// <summary>A co-handling or whistle step (<see cref="TicketCoHandlingEndpoints"/>) from its form.</summary>
    private static void MapCo(WebApplication app, string route, TicketCoStep step, string policy) =>
        app.MapPost(route, async (
                HttpContext http, IGrainFactory grains, UserScopes scopes, AuditLog audit, MobileFlash flash, IStringLocalizer<DisposalText> text,
                IStringLocalizer<TicketText> ticketText, CancellationToken cancellationToken) =>
            {
                var form = await http.Request.ReadFormAsync(cancellationToken);
                var id = form[TicketField].ToString();
                var body = new TicketCoBody(null, [.. form[DepartmentsField].OfType<string>()], form[TicketFormSteps.CommentField].ToString());
                var (acted, refusal) = await TicketCoHandlingEndpoints.TakeAsync(id, step, body, grains, http.User, scopes, audit, AuditActor.Of(http), ticketText);
                Flash(http, flash, acted is not null ? null : [refusal!.ProblemDetails.Detail ?? ""], text[$"Done.{KebabCase.Of(step)}", id]);
                return Results.LocalRedirect(ConsoleRoutes.Work);
            })
            .RequireAuthorization(policy).RequireFormAntiforgery().WithTags("Console").ExcludeFromDescription();

    /// <summary>An assisting unit's feedback with photos of its part (multipart), as the lead's feedback takes them.</summary>
    private static RouteHandlerBuilder MapAssistFeedback(WebApplication app) =>
        app.MapPost(AssistFeedback, async (HttpContext http, TicketFormSteps steps, MobileFlash flash, IStringLocalizer<DisposalText> text, CancellationToken cancellationToken) =>
            {
                var form = await http.Request.ReadFormAsync(cancellationToken);
                var id = form[TicketField].ToString();
                var problems = await steps.TakeAssistFeedbackAsync(http, form, id, cancellationToken);
                Flash(http, flash, problems, text[$"Done.{KebabCase.Of(TicketCoStep.AssistFeedback)}", id]);
                return Results.LocalRedirect(ConsoleRoutes.Work);
            })
            .RequireAuthorization(ConsolePolicies.DisposalConsole).RequireFormAntiforgery().WithTags("Console").ExcludeFromDescription();

    private static void Flash(HttpContext http, MobileFlash flash, IReadOnlyList<string>? problems, string done) =>
        flash.Set(http, problems is null ? new MobileMessage(true, [done]) : new MobileMessage(false, [.. problems]), ConsoleRoutes.Work);

    private static RouteHandlerBuilder Map(WebApplication app, string route, TicketAction action, TicketPhotoStep? photos) =>
        app.MapPost(route, async (HttpContext http, TicketFormSteps steps, MobileFlash flash, IStringLocalizer<DisposalText> text, CancellationToken cancellationToken) =>
            {
                var form = await http.Request.ReadFormAsync(cancellationToken);
                var id = form[TicketField].ToString();
                var problems = await steps.TakeAsync(http, form, id, action, photos, photoRequired: false, cancellationToken);
                Flash(http, flash, problems, text[$"Done.{KebabCase.Of(action)}", id]);
                return Results.LocalRedirect(ConsoleRoutes.Work);
            })
            .RequireAuthorization(ConsolePolicies.DisposalConsole).RequireFormAntiforgery().WithTags("Console").ExcludeFromDescription();
}
