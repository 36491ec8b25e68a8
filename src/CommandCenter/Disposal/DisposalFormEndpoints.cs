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
/// dispatched to (<see cref="TicketPermissions"/>); the outcome is shown once on <c>/work</c> (Post/Redirect/Get).
/// </summary>
public static class DisposalFormEndpoints
{
    public const string Accept = "/work/forms/accept";
    public const string Return = "/work/forms/return";
    public const string Feedback = "/work/forms/feedback";

    /// <summary>The field naming the ticket; the comment is <see cref="TicketFormSteps.CommentField"/>.</summary>
    public const string TicketField = "ticket";

    public static WebApplication MapDisposalFormEndpoints(this WebApplication app)
    {
        var sizeLimit = new RequestSizeLimitAttribute(app.Services.GetRequiredService<CaseIntake>().MaxRequestBytes);
        Map(app, Accept, TicketAction.Start, null);
        Map(app, Return, TicketAction.Return, null);
        Map(app, Feedback, TicketAction.Feedback, TicketPhotoStep.Feedback).WithMetadata(sizeLimit);
        return app;
    }

    private static RouteHandlerBuilder Map(WebApplication app, string route, TicketAction action, TicketPhotoStep? photos) =>
        app.MapPost(route, async (HttpContext http, TicketFormSteps steps, MobileFlash flash, IStringLocalizer<DisposalText> text, CancellationToken cancellationToken) =>
            {
                var form = await http.Request.ReadFormAsync(cancellationToken);
                var id = form[TicketField].ToString();
                var problems = await steps.TakeAsync(http, form, id, action, photos, photoRequired: false, cancellationToken);
                flash.Set(
                    http,
                    problems is null ? new MobileMessage(true, [text[$"Done.{KebabCase.Of(action)}", id]]) : new MobileMessage(false, [.. problems]),
                    ConsoleRoutes.Work);
                return Results.LocalRedirect(ConsoleRoutes.Work);
            })
            .RequireAuthorization(ConsolePolicies.DisposalConsole).RequireFormAntiforgery().WithTags("Console").ExcludeFromDescription();
}
