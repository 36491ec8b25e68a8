using CommandCenter.Audit;
using CommandCenter.Auth;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.Tickets;
using CommandCenter.Tickets;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

using CommandCenter.Photos;

namespace CommandCenter.Tickets;

/// <summary>
/// A workflow step taken from a plain HTML form, with photos or without (the grid worker's verification on <c>/m/tasks</c>,
/// a unit's accepting, returning and feedback on <c>/work</c>): who may take it is checked first, then the photos, which are
/// attached at their step, then the step is taken as the signed-in user with the form's comment. Any refusal before the
/// step changes nothing.
/// </summary>
public sealed class TicketFormSteps(
    IGrainFactory grains, UserScopes scopes, PhotoService photos, IOptions<PhotoOptions> options, AuditLog audit,
    IStringLocalizer<TicketText> ticketText, IStringLocalizer<PhotoText> photoText)
{
    /// <summary>The form's comment field.</summary>
    public const string CommentField = "comment";

    /// <summary>Why the step was not taken, one sentence each; null when it was. <paramref name="step"/> null: the form takes no photos.</summary>
    public async Task<IReadOnlyList<string>?> TakeAsync(
        HttpContext http, IFormCollection form, string id, TicketAction action, TicketPhotoStep? step, bool photoRequired, CancellationToken cancellationToken)
    {
        var user = http.User;
        if (string.IsNullOrWhiteSpace(id) || await grains.GetGrain<ITicketGrain>(id).GetAsync() is not { } current)
        {
            return [ticketText.Refusal(new TicketNotFoundException(id))];
        }

        if (TicketPermissions.ProblemOf(user, action, current.Ticket, scopes, ticketText) is { } forbidden)
        {
            return [forbidden];
        }

        try
        {
            if (step is { } photoStep && await AttachAsync(http, form, current, photoStep, unit: null, photoRequired, cancellationToken) is { } refused)
            {
                return refused;
            }

            var command = new TicketCommand(user.Identity!.Name!, form[CommentField].ToString());
            var acted = await grains.GetGrain<ITicketGrain>(id).ActAsync(action, command);
            await audit.RecordTicketStepAsync(AuditActor.Of(http), action, command, acted);
            return null;
        }
        catch (TicketException ex)
        {
            return [ticketText.Refusal(ex)];
        }
    }

    /// <summary>
    /// An assisting unit's feedback on its part (协办反馈) with up to three photos of it, recorded as the signed-in user's unit's;
    /// why it was not taken, one sentence each, or null when it was.
    /// </summary>
    public async Task<IReadOnlyList<string>?> TakeAssistFeedbackAsync(HttpContext http, IFormCollection form, string id, CancellationToken cancellationToken)
    {
        var user = http.User;
        if (string.IsNullOrWhiteSpace(id) || await grains.GetGrain<ITicketGrain>(id).GetAsync() is not { } current)
        {
            return [ticketText.Refusal(new TicketNotFoundException(id))];
        }

        if (TicketPermissions.CoProblemOf(user, TicketCoStep.AssistFeedback, current.Ticket, scopes, ticketText) is { } forbidden)
        {
            return [forbidden];
        }

        try
        {
            var unit = TicketArea.TryParse(user.ScopeOf()?.ToString(), out var own) ? own : null;
            if (await AttachAsync(http, form, current, TicketPhotoStep.AssistFeedback, unit, photoRequired: false, cancellationToken) is { } refused)
            {
                return refused;
            }
        }
        catch (TicketException ex)
        {
            return [ticketText.Refusal(ex)];
        }

        var body = new TicketCoBody(null, null, form[CommentField].ToString());
        var (_, refusal) = await TicketCoHandlingEndpoints.TakeAsync(id, TicketCoStep.AssistFeedback, body, grains, user, scopes, audit, AuditActor.Of(http), ticketText);
        return refusal is null ? null : [refusal.ProblemDetails.Detail ?? ""];
    }

    /// <summary>The form's photos checked and attached at <paramref name="step"/>; why not, or null when attached (or there were none to attach).</summary>
    private async Task<IReadOnlyList<string>?> AttachAsync(
        HttpContext http, IFormCollection form, TicketDetails current, TicketPhotoStep step, TicketArea? unit, bool photoRequired, CancellationToken cancellationToken)
    {
        var actor = AuditActor.Of(http);
        var id = current.Ticket.Id;
        var (uploads, unread) = await photos.ReadAsync(form, options.Value.MaxBytes, cancellationToken);
        var count = uploads.Length + unread.Length;
        if (TicketPhotoRules.Problems(current.Ticket, step, count, unit) is { IsEmpty: false } ruled)
        {
            return [ticketText.Refusal(new TicketValidationException(id, current.Ticket.Status, current.AllowedActions, ruled))];
        }

        var prepared = photos.Prepare(uploads);
        if (unread.AddRange(prepared.Refusals) is { IsEmpty: false } refusals)
        {
            await photos.RefusedAsync(actor, id, refusals);
            return [.. refusals.Select(refusal => refusal.Render(photoText))];
        }

        if (count == 0 && !photoRequired)
        {
            return null;
        }

        var (_, overQuota) = await photos.AttachAsync(id, step, prepared.Photos, actor, unit, cancellationToken);
        return overQuota is null ? null : [overQuota.Render(photoText)];
    }
}
