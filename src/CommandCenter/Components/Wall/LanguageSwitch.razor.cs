using CommandCenter.Wall;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Wall;

/// <summary>Links to the same view in each language (<c>?lang=</c>), so a screen's language is part of its address.</summary>
public sealed partial class LanguageSwitch : ComponentBase
{
    [CascadingParameter]
    public WallText Text { get; set; } = WallText.ZhCn;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    /// <summary>This page in <paramref name="language"/>; the default language needs no parameter.</summary>
    public string LinkTo(WallText language) =>
        Navigation.GetUriWithQueryParameter("lang", language.Code == WallText.ZhCn.Code ? null : language.Code);
}
