using Microsoft.Extensions.Localization;

namespace CommandCenter.Localization;

/// <summary>
/// Enum values shown on a page (a ticket's status, an alarm's severity…) are entries of the page's
/// resource file named <c>TypeName.Value</c>, e.g. <c>TicketStatus.InProgress</c>.
/// </summary>
public static class EnumText
{
    /// <summary>The text of <paramref name="value"/> in the current UI culture.</summary>
    public static string Name<TEnum>(this IStringLocalizer text, TEnum value)
        where TEnum : struct, Enum => text[KeyOf(value)];

    /// <summary>The resource entry that names <paramref name="value"/>.</summary>
    public static string KeyOf<TEnum>(TEnum value)
        where TEnum : struct, Enum => $"{typeof(TEnum).Name}.{value}";
}
