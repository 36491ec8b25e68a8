using System.Collections.Immutable;
using CommandCenter.Grains.Abstractions;

namespace CommandCenter.Grains.Tickets;

/// <summary>
/// When photos may be attached to a ticket: with the report while it awaits filing or dispatch, with the feedback
/// while it is being handled or has just been fed back, on verification once fed back, with an assisting unit's feedback
/// while the case is open and the unit has accepted its part (or just fed it back); at most <see cref="MaxPerStep"/> per
/// step, and for assisting feedback per unit. The web tier checks the same rules before it stores anything; the grain decides.
/// </summary>
public static class TicketPhotoRules
{
    public const int MaxPerStep = 3;

    public static bool Fits(TicketPhotoStep step, TicketStatus status) => step switch
    {
        TicketPhotoStep.Report => status is TicketStatus.Reported or TicketStatus.Filed,
        TicketPhotoStep.Feedback => status is TicketStatus.Dispatched or TicketStatus.InProgress or TicketStatus.Feedback,
        TicketPhotoStep.Verification => status is TicketStatus.Feedback or TicketStatus.Verified,
        TicketPhotoStep.AssistFeedback => status is not (TicketStatus.Closed or TicketStatus.Cancelled),
        _ => false,
    };

    /// <summary>
    /// Why <paramref name="count"/> more photos may not be attached at this step now; empty when they may. An assisting unit's
    /// feedback photos are <paramref name="unit"/>'s, which must assist the case and have accepted its part.
    /// </summary>
    public static ImmutableArray<TextCode> Problems(TicketSummary ticket, TicketPhotoStep step, int count, TicketArea? unit = null)
    {
        var problems = ImmutableArray.CreateBuilder<TextCode>();
        if (!Fits(step, ticket.Status))
        {
            problems.Add(TextCode.Of(TicketProblems.PhotoStepNotNow, KebabCase.Of(step), KebabCase.Of(ticket.Status)));
        }

        var assisting = step == TicketPhotoStep.AssistFeedback;
        if (assisting && !ticket.Assists.Any(assist => assist.Unit == unit && assist.Status is TicketAssistStatus.Accepted or TicketAssistStatus.FedBack))
        {
            problems.Add(TextCode.Of(TicketProblems.NotInvolved, unit?.Key ?? ""));
        }

        var already = ticket.PhotoRecords.Count(photo => photo.Step == step && (!assisting || photo.Unit == unit));
        if (already + count > MaxPerStep)
        {
            problems.Add(TextCode.Of(TicketProblems.TooManyPhotos, KebabCase.Of(step), MaxPerStep.ToString(), already.ToString()));
        }

        return problems.ToImmutable();
    }

    /// <summary>The ticket with the photos recorded, numbered on from its last; throws when <see cref="Problems"/> finds any.</summary>
    public static TicketSummary Attach(
        TicketSummary ticket, TicketPhotoStep step, string actor, ImmutableArray<string> photoIds, DateTimeOffset now, TicketArea? unit = null)
    {
        var problems = Problems(ticket, step, photoIds.Length, unit);
        if (photoIds.IsDefaultOrEmpty)
        {
            problems = problems.Add(TextCode.Of(TicketProblems.Required, "photo"));
        }

        if (string.IsNullOrWhiteSpace(actor))
        {
            problems = problems.Add(TextCode.Of(TicketProblems.Required, "actor"));
        }

        if (!problems.IsEmpty)
        {
            throw new TicketValidationException(ticket.Id, ticket.Status, TicketWorkflow.AllowedActions(ticket.Status), problems);
        }

        var next = ticket.PhotoRecords.IsEmpty ? 1 : ticket.PhotoRecords.Max(photo => photo.Number) + 1;
        return ticket with
        {
            Version = ticket.Version + 1,
            UpdatedAt = now,
            PhotoRecords = [.. ticket.PhotoRecords, .. photoIds.Select((id, i) => new TicketPhoto(next + i, id, step, actor, now, step == TicketPhotoStep.AssistFeedback ? unit : null))],
        };
    }
}
