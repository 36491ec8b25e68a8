using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CommandCenter.UiTests;

/// <summary>The wall's texts outside a rendered component, read in a given language.</summary>
internal static class WallLanguage
{
    private static readonly IStringLocalizer<WallStrings> Text = new StrictWallText(
        new StringLocalizer<WallStrings>(new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance)));

    public static T In<T>(CultureInfo language, Func<IStringLocalizer<WallStrings>, T> read)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = language;
        try
        {
            return read(Text);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
