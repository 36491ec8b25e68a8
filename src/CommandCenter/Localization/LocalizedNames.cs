using System.Globalization;
using CommandCenter.Grains.Tickets;

namespace CommandCenter.Localization;

/// <summary>
/// Names the configuration keeps in both languages (work-order categories), chosen by the UI culture of
/// the request or circuit: English when pages are shown in English, Chinese otherwise.
/// </summary>
public static class LocalizedNames
{
    /// <summary>Whether pages are shown in English (<c>?lang=en</c> or its cookie, or a browser asking for English).</summary>
    public static bool InEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == LocalizationExtensions.English.TwoLetterISOLanguageName;

    /// <summary>The category's name in the language of the page.</summary>
    public static string LocalizedName(this TicketCategory category) => InEnglish ? category.NameEn : category.NameZh;
}
