using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using CommandCenter.Notifications.Store;
using Microsoft.Extensions.Options;

namespace CommandCenter.Notifications.Channels;

/// <summary>
/// An SMS gateway described by configuration (<see cref="SmsGatewayOptions"/>): the request is the template
/// with the person's phone and the text put in; any 2xx answer counts as accepted.
/// </summary>
public sealed class SmsChannel(IOptions<NotificationOptions> options) : NotificationChannel
{
    public override string Name => "sms";

    public override bool Enabled => options.Value.Sms.Enabled;

    public override ChannelAudience Audience => ChannelAudience.PersonWithPhone;

    public override async Task<string> SendAsync(HttpClient http, OutboxDelivery delivery, NotificationPayload payload, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var gateway = options.Value.Sms;
        var url = Fill(gateway.Url!, delivery.RecipientPhone, payload.Text, Uri.EscapeDataString);
        using var request = new HttpRequestMessage(new HttpMethod(gateway.Method.ToUpperInvariant()), url);
        if (gateway.Body is { Length: > 0 } body)
        {
            Func<string, string> escape = gateway.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) ? JavaScriptEncoder.UnsafeRelaxedJsonEscaping.Encode
                : gateway.ContentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) ? WebUtility.UrlEncode
                : value => value;
            request.Content = new StringContent(Fill(body, delivery.RecipientPhone, payload.Text, escape), Encoding.UTF8, gateway.ContentType);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        return await ExpectSuccessAsync(response, cancellationToken);
    }

    private static string Fill(string template, string phone, string text, Func<string, string> escape) =>
        template.Replace(SmsTemplate.Phone, escape(phone), StringComparison.Ordinal).Replace(SmsTemplate.Text, escape(text), StringComparison.Ordinal);
}
