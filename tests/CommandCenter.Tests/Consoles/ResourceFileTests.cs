using System.Xml.Linq;
using CommandCenter.Testing;
using Shouldly;

namespace CommandCenter.Tests.Consoles;

/// <summary>Every text of the product exists in both languages: each neutral (English) .resx has a zh-CN twin with the same entries.</summary>
public sealed class ResourceFileTests
{
    private static readonly string Sources = Path.Combine(RepositoryPaths.Root, "src", "CommandCenter");

    public static TheoryData<string> NeutralFiles => [.. Directory
        .EnumerateFiles(Sources, "*.resx", SearchOption.AllDirectories)
        .Where(path => !Path.GetFileNameWithoutExtension(path).Contains('.', StringComparison.Ordinal))
        .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            && !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
        .Select(path => Path.GetRelativePath(Sources, path))
        .Order(StringComparer.Ordinal)];

    [Fact]
    public void ResourceFiles_AreThere() => NeutralFiles.Count.ShouldBeGreaterThan(3);

    [Theory]
    [MemberData(nameof(NeutralFiles))]
    public void ResourceFile_ChineseTwin_HasTheSameEntries(string neutral)
    {
        var chinese = Path.ChangeExtension(neutral, null) + ".zh-CN.resx";
        File.Exists(Path.Combine(Sources, chinese)).ShouldBeTrue($"{chinese} is missing");

        var english = EntriesOf(neutral);
        var zh = EntriesOf(chinese);

        english.Except(zh).ShouldBeEmpty($"entries of {neutral} missing from {chinese}");
        zh.Except(english).ShouldBeEmpty($"entries of {chinese} missing from {neutral}");
    }

    [Fact]
    public void ResourceFiles_EveryChineseFile_HasANeutralTwin()
    {
        var orphans = Directory.EnumerateFiles(Sources, "*.zh-CN.resx", SearchOption.AllDirectories)
            .Where(path => !File.Exists(path[..^".zh-CN.resx".Length] + ".resx"));

        orphans.ShouldBeEmpty();
    }

    private static HashSet<string> EntriesOf(string relativePath)
    {
        var names = XDocument.Load(Path.Combine(Sources, relativePath)).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToList();
        names.Distinct(StringComparer.Ordinal).Count().ShouldBe(names.Count, $"{relativePath} names an entry twice");
        return names.ToHashSet(StringComparer.Ordinal);
    }
}
