using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CommandCenter.Notifications.Store;
using Microsoft.Extensions.Options;

namespace CommandCenter.Notifications.Channels;

/// <summary>
/// The generic JSON webhook: every person a step reaches is POSTed as the payload's fields (for an alarm
/// <c>alarmId, elevatorId, code, source, step</c>) with <c>recipient</c> (<c>{ role, name, phone }</c>) and
/// <c>sentAt</c> (this attempt, ISO 8601 UTC); any 2xx answer counts as received.
/// </summary>
public sealed class WebhookChannel(IOptions<NotificationOptions> options) : NotificationChannel
{
    public override string Name => "webhook";

    public override bool Enabled => options.Value.Webhook.Enabled;

    public override ChannelAudience Audience => ChannelAudience.Person;

    public override async Task<string> SendAsync(HttpClient http, OutboxDelivery delivery, NotificationPayload payload, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var body = new JsonObject();
        foreach (var (name, value) in payload.Data)
        {
            body[name] = value;
        }

        body["recipient"] = new JsonObject { ["role"] = delivery.RecipientRole, ["name"] = delivery.RecipientName, ["phone"] = delivery.RecipientPhone };
        body["sentAt"] = now.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        using var response = await http.PostAsJsonAsync(options.Value.Webhook.Url, body, cancellationToken);
        return await ExpectSuccessAsync(response, cancellationToken);
    }
}
