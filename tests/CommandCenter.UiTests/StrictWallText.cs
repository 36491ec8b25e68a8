using Microsoft.Extensions.Localization;

namespace CommandCenter.UiTests;

/// <summary>
/// The wall's texts as the product reads them, except that a key <c>WallStrings.resx</c> lacks throws
/// rather than showing the key: every rendered branch checks its texts exist.
/// </summary>
internal sealed class StrictWallText(IStringLocalizer<WallStrings> inner) : IStringLocalizer<WallStrings>
{
    public LocalizedString this[string name] => Checked(inner[name]);

    public LocalizedString this[string name, params object[] arguments] => Checked(inner[name, arguments]);

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures);

    private static LocalizedString Checked(LocalizedString text) =>
        text.ResourceNotFound
            ? throw new KeyNotFoundException($"WallStrings.resx has no '{text.Name}'")
            : text;
}
