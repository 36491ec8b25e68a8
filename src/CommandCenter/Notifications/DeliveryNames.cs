using Microsoft.Extensions.Localization;

namespace CommandCenter.Notifications;

/// <summary>How the consoles name a delivery's channel and recipient.</summary>
public static class DeliveryNames
{
    /// <summary>Channel names are the outbox's (wecom, dingtalk, sms, webhook); their labels are ChannelWecom, ….</summary>
    public static string ChannelName(this IStringLocalizer<NotificationText> text, string channel) =>
        channel.Length == 0 ? channel : text[$"Channel{char.ToUpperInvariant(channel[0])}{channel[1..]}"];

    /// <summary>A person's role, name and phone (empty to leave it out), or the group a robot posts to.</summary>
    public static string RecipientName(this IStringLocalizer<NotificationText> text, string? role, string name, string phone) =>
        role is not null
            ? $"{text[$"Role{role}"]} {name} {phone}".TrimEnd()
            : $"{text["Group"]} {name}".TrimEnd();
}
