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

        var actor = AuditActor.Of(http);
        var (uploads, unread) = step is null ? ([], []) : await photos.ReadAsync(form, options.Value.MaxBytes, cancellationToken);
        var count = uploads.Length + unread.Length;
        if (step is { } photoStep && TicketPhotoRules.Problems(current.Ticket, photoStep, count) is { IsEmpty: false } ruled)
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
            if (step is { } attachedAt && (count > 0 || photoRequired))
            {
                var (_, overQuota) = await photos.AttachAsync(id, attachedAt, prepared.Photos, actor, cancellationToken);
                if (overQuota is not null)
                {
                    return [overQuota.Render(photoText)];
                }
            }

            var command = new TicketCommand(user.Identity!.Name!, form[CommentField].ToString());
            var acted = await grains.GetGrain<ITicketGrain>(id).ActAsync(action, command);
            await audit.RecordTicketStepAsync(actor, action, command, acted);
            return null;
        }
        catch (TicketException ex)
        {
            return [ticketText.Refusal(ex)];
        }
    }
}
