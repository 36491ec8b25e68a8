using CommandCenter.Grains.Abstractions;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Localization;

/// <summary>Renders what grains keep as <see cref="TextCode"/> in the current UI culture.</summary>
public static class TextCodes
{
    /// <summary>The text of <paramref name="code"/>: its entry in <paramref name="text"/>'s resource file, with its arguments.</summary>
    public static string Render(this IStringLocalizer text, TextCode code) => text[code.Key, [.. code.Args]];
}
