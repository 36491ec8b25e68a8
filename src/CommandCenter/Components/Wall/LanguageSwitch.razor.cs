using System.Globalization;
using CommandCenter.Localization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Components.Wall;

/// <summary>
/// Links to the same view in each language (<c>?lang=</c>), so a screen's language is part of its address;
/// the request localization remembers the choice in the culture cookie.
/// </summary>
public sealed partial class LanguageSwitch : ComponentBase
{
    /// <summary>The product's languages, each named in itself.</summary>
    private static readonly (CultureInfo Culture, string OwnName)[] Languages =
        [(LocalizationExtensions.Chinese, "中文"), (LocalizationExtensions.English, "EN")];

    [Inject]
    private IStringLocalizer<WallStrings> Text { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    /// <summary>This page in <paramref name="language"/>, named even for the default: the cookie may remember another.</summary>
    public string LinkTo(CultureInfo language) =>
        Navigation.GetUriWithQueryParameter(LocalizationExtensions.LanguageParameter, language.Name);

    private static bool IsCurrent(CultureInfo language) =>
        CultureInfo.CurrentUICulture.Name == language.Name || CultureInfo.CurrentUICulture.Parent.Name == language.Name;

    private void Reload(CultureInfo language) => Navigation.NavigateTo(LinkTo(language), forceLoad: true);
}
