using System.Globalization;
using CommandCenter.Grains.Tickets;

namespace CommandCenter.Tickets;

/// <summary>
/// Work-order categories are named in configuration in both languages (<c>NameZh</c>, <c>NameEn</c>);
/// a page shows the one of its language (the current UI culture): English for English, else Chinese.
/// </summary>
public static class TicketCategoryNames
{
    /// <summary>The category's name in the current UI culture.</summary>
    public static string CategoryName(this TicketCategory category) =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? category.NameEn : category.NameZh;

    /// <summary>The name of the category with this code, else the code (a category no longer configured).</summary>
    public static string CategoryName(this TicketCatalog catalog, string code) =>
        catalog.Find(code)?.CategoryName() ?? code;
}
