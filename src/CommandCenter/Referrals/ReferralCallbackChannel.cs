using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CommandCenter.Notifications;
using CommandCenter.Notifications.Channels;
using CommandCenter.Notifications.Store;

namespace CommandCenter.Referrals;

/// <summary>
/// The 12345 hotline's outcome callback as a channel of the notification outbox, which stores, retries with
/// back-off and logs it like every delivery. The body is the payload's fields as one JSON object
/// (<c>caseNumber, ticketId, outcome, at, summary, handledBy</c>), POSTed to the client's callback URL as set at
/// send time, signed: <c>X-CommandCenter-Timestamp</c> (Unix seconds of this attempt) and
/// <c>X-CommandCenter-Signature: sha256=</c> the lowercase hex HMAC-SHA256 of <c>{timestamp}.{body}</c> keyed by the
/// client's secret; <c>X-CommandCenter-Delivery</c> is the same on every attempt, so the hotline can drop a repeat.
/// It sends over its own HTTP client (<see cref="CallbackTargets"/>), never to a refused address.
/// </summary>
public sealed class ReferralCallbackChannel(ReferralCallbacks callbacks, CallbackTargets targets, IHttpClientFactory httpClients) : NotificationChannel
{
    public const string ChannelName = "referral";
    public const string RecipientRole = "Hotline";
    public const string TimestampHeader = "X-CommandCenter-Timestamp";
    public const string SignatureHeader = "X-CommandCenter-Signature";
    public const string DeliveryHeader = "X-CommandCenter-Delivery";

    /// <summary>Chinese text as it is, not as \u escapes: the body is JSON for a program, never put into HTML.</summary>
    private static readonly JsonSerializerOptions BodyJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public override string Name => ChannelName;

    public override bool Enabled => true;

    public override ChannelAudience Audience => ChannelAudience.Client;

    public static string Sign(string secret, long timestamp, byte[] body)
    {
        var signed = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".").Concat(body).ToArray();
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    public override async Task<string> SendAsync(HttpClient http, OutboxDelivery delivery, NotificationPayload payload, DateTimeOffset now, CancellationToken cancellationToken)
    {
        (string Url, string Secret)? callback;
        try
        {
            callback = await callbacks.FindAsync(delivery.RecipientName, cancellationToken);
        }
        catch (CryptographicException ex)
        {
            // The data-protection key ring was lost (a restore without it): a failed attempt to record, until an admin rotates the secret.
            throw new DeliveryFailedException($"the signing secret of {delivery.RecipientName} cannot be read ({ex.Message}): set the callback again with rotateSecret");
        }

        if (callback is not var (url, secret))
        {
            throw new DeliveryFailedException($"no callback URL is set for {delivery.RecipientName}");
        }

        if (await targets.CheckAsync(url, cancellationToken) is { } refusal)
        {
            throw new DeliveryFailedException(callbacks.Describe(refusal));
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(payload.Data, BodyJson);
        var timestamp = now.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(SignatureHeader, Sign(secret, timestamp, body));
        request.Headers.Add(DeliveryHeader, delivery.Id.ToString(CultureInfo.InvariantCulture));
        using var response = await httpClients.CreateClient(CallbackTargets.HttpClientName).SendAsync(request, cancellationToken);
        return await ExpectSuccessAsync(response, cancellationToken);
    }
}
