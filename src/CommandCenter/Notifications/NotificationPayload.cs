namespace CommandCenter.Notifications;

/// <summary>
/// What a delivery says, kept in the outbox as JSON: the text people read, the mobile numbers a group robot
/// mentions, and the machine-readable fields the webhook posts (for an alarm: alarmId, elevatorId, code, source, step).
/// </summary>
public sealed record NotificationPayload(string Text, IReadOnlyList<string> Mentions, IReadOnlyDictionary<string, string> Data);

/// <summary>The placeholders of an SMS gateway's request template.</summary>
public static class SmsTemplate
{
    public const string Phone = "{phone}";
    public const string Text = "{text}";
}
