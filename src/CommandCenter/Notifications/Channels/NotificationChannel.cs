using CommandCenter.Notifications.Store;

namespace CommandCenter.Notifications.Channels;

/// <summary>Whom one delivery of a channel reaches.</summary>
public enum ChannelAudience
{
    /// <summary>One message per step to a group, mentioning everyone with a phone (the robots).</summary>
    Group,

    /// <summary>One message per person with a phone (SMS).</summary>
    PersonWithPhone,

    /// <summary>One message per person, phone or not (the webhook records every attempt).</summary>
    Person,

    /// <summary>An integration client named by the delivery itself (a 12345 hotline's callback); never an alarm's people.</summary>
    Client,
}

/// <summary>A way to reach people; off unless configured. It sends one delivery and says how it went.</summary>
public abstract class NotificationChannel
{
    /// <summary>The name kept in the outbox and shown on the alarm: <c>wecom</c>, <c>dingtalk</c>, <c>sms</c>, <c>webhook</c>.</summary>
    public abstract string Name { get; }

    public abstract bool Enabled { get; }

    public abstract ChannelAudience Audience { get; }

    /// <summary>Sends it; returns what to record as the result. Throws <see cref="DeliveryFailedException"/> (or an HTTP error) to be retried.</summary>
    public abstract Task<string> SendAsync(HttpClient http, OutboxDelivery delivery, NotificationPayload payload, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The answer of an endpoint that reports success as 2xx; the body's start is kept either way.</summary>
    protected static async Task<string> ExpectSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var result = $"HTTP {(int)response.StatusCode}{(body.Length > 0 ? " " + body[..Math.Min(body.Length, 200)] : "")}";
        return response.IsSuccessStatusCode ? result : throw new DeliveryFailedException(result);
    }
}

/// <summary>The channel answered that it did not deliver; the message is the result to record.</summary>
public sealed class DeliveryFailedException(string result) : Exception(result);
