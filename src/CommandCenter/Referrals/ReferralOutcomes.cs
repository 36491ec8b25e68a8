using System.Globalization;
using System.Text.Json;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Notifications;
using CommandCenter.Notifications.Store;

namespace CommandCenter.Referrals;

/// <summary>
/// A referred case finished: its outcome goes into the notification outbox as one delivery on the
/// <see cref="ReferralCallbackChannel"/>, keyed by ticket, outcome and time, so hearing of it again adds nothing and a
/// case reopened and closed again is told again. <c>closed</c> is 结案; <c>returned</c> is the case cancelled before
/// filing (不予立案), the one way the workflow sends a case back to where it came from.
/// </summary>
public sealed class ReferralOutcomes(ReferralIntake referrals, NotificationOutbox outbox, TimeProvider time) : ITicketOutcomeListener
{
    public const string Closed = "closed";
    public const string Returned = "returned";

    public static string Subject(string ticketId) => $"referral/{ticketId}";

    public async Task FinishedAsync(TicketDetails details)
    {
        var ticket = details.Ticket;
        if (ticket.Source != TicketSource.Hotline12345 || await referrals.OfTicketAsync(ticket.Id, CancellationToken.None) is not { } referral)
        {
            return;
        }

        var (outcome, at, step) = ticket.Status == TicketStatus.Closed
            ? (Closed, ticket.ClosedAt!.Value, nameof(TicketAction.Close))
            : (Returned, ticket.DecidedAt!.Value, nameof(TicketAction.Cancel));
        var summary = SummaryOf(details, step);
        var data = new Dictionary<string, string>
        {
            ["caseNumber"] = referral.CaseNumber,
            ["ticketId"] = ticket.Id,
            ["outcome"] = outcome,
            ["at"] = at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["summary"] = summary,
            ["handledBy"] = ticket.Target?.Key ?? "",
        };
        var now = time.GetUtcNow().UtcDateTime;
        await outbox.EnqueueAsync(new OutboxDelivery
        {
            Key = $"{Subject(ticket.Id)}/{outcome}/{at.UtcTicks}",
            Subject = Subject(ticket.Id),
            Step = outcome,
            Channel = ReferralCallbackChannel.ChannelName,
            RecipientRole = ReferralCallbackChannel.RecipientRole,
            RecipientName = referral.Client,
            Payload = JsonSerializer.Serialize(new NotificationPayload(summary, [], data)),
            CreatedAt = now,
            NextAttemptAt = now,
            Status = DeliveryStatus.Pending,
        });
    }

    /// <summary>What the closing (or cancelling) person wrote, else the latest feedback of the disposal.</summary>
    private static string SummaryOf(TicketDetails details, string finishingStep) =>
        details.Audit.LastOrDefault(e => e.Action == finishingStep && !string.IsNullOrWhiteSpace(e.Comment))?.Comment
        ?? details.Audit.LastOrDefault(e => e.Action == nameof(TicketAction.Feedback) && !string.IsNullOrWhiteSpace(e.Comment))?.Comment
        ?? "";
}
