using System.Collections;
using System.Globalization;
using System.Resources;

namespace CommandCenter.UiTests;

/// <summary>Every text of the product is in both languages: each English .resx has a Chinese one with the same keys.</summary>
public sealed class ResourceFileTests
{
    private static readonly System.Reflection.Assembly Product = typeof(WallStrings).Assembly;

    public static TheoryData<string> Texts =>
        [.. Product.GetManifestResourceNames().Where(name => name.EndsWith(".resources", StringComparison.Ordinal)).Select(name => name[..^".resources".Length])];

    [Fact]
    public void Texts_ListedFromTheProduct_IncludeTheWalls() =>
        Texts.Select(row => row.Data).ShouldContain("CommandCenter.Components.Wall.WallStrings");

    [Theory]
    [MemberData(nameof(Texts))]
    public void Texts_EnglishAndChinese_HaveTheSameKeys(string baseName)
    {
        var resources = new ResourceManager(baseName, Product);

        var english = Keys(resources.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false));
        var chinese = Keys(resources.GetResourceSet(LocalizationExtensions.Chinese, createIfNotExists: true, tryParents: false));

        english.ShouldNotBeEmpty();
        chinese.Except(english).ShouldBeEmpty($"{baseName}.zh-CN.resx has keys the English file lacks");
        english.Except(chinese).ShouldBeEmpty($"{baseName}.zh-CN.resx lacks these keys");
    }

    private static string[] Keys(ResourceSet? set) =>
        set is null ? [] : [.. set.Cast<DictionaryEntry>().Select(entry => (string)entry.Key).Order(StringComparer.Ordinal)];
}
