using CommandCenter.Geography.Sources;
using NetTopologySuite.Geometries;
using Shouldly;

namespace CommandCenter.Tests.Geography;

/// <summary>The committed data read as the generator reads it, against the CSV rows read here line by line.</summary>
public sealed class YinchuanAtlasTests
{
    [Fact]
    public void Districts_AreYinchuansSixWithTheirGbT2260Codes()
    {
        YinchuanAtlas.Districts.Select(d => (d.Code, d.Name, d.Urban)).ShouldBe(
        [
            ("640104", "兴庆区", true), ("640105", "西夏区", true), ("640106", "金凤区", true),
            ("640121", "永宁县", false), ("640122", "贺兰县", false), ("640181", "灵武市", false),
        ]);
    }

    [Fact]
    public void StreetsAndCommunities_AreEveryRowOfTheCommittedCsvWithItsCodeAndName()
    {
        var streets = YinchuanAtlas.Districts.SelectMany(d => d.Streets).ToList();
        var communities = streets.SelectMany(s => s.Communities).ToList();

        streets.Count.ShouldBe(62);
        communities.Count.ShouldBe(602);
        streets.Select(s => (s.Code, s.Name)).ShouldBe(Rows("streets.csv").Select(r => (r.Code, r.Name)), ignoreOrder: true);
        communities.Select(c => (c.Code, c.Name)).ShouldBe(Rows("villages.csv").Select(r => (r.Code, YinchuanAtlas.CommunityName(r.Name))), ignoreOrder: true);
        streets.ShouldAllBe(s => s.Communities.All(c => c.Code.StartsWith(s.Code)));
        streets.ShouldContain(s => s.Code == "640104001" && s.Name == "凤凰北街街道");
        communities.ShouldContain(c => c.Code == "640104001003" && c.Name == "兴隆社区");
    }

    [Theory]
    [InlineData("丽景社区居委会", "丽景社区")]
    [InlineData("通西村委会", "通西村")]
    [InlineData("镇北堡村民委员会", "镇北堡村")]
    [InlineData("农场社区", "农场社区")]
    public void CommunityName_DropsTheCommitteeSuffix(string committee, string community)
    {
        YinchuanAtlas.CommunityName(committee).ShouldBe(community);
    }

    [Fact]
    public void EveryDistrict_HasAValidOutlineAroundItsLabelPoint()
    {
        foreach (var district in YinchuanAtlas.Districts)
        {
            district.Outline.IsValid.ShouldBeTrue(district.Name);
            district.Outline.Contains(new Point(district.Label)).ShouldBeTrue(district.Name);
        }
    }

    private static IEnumerable<(string Code, string Name)> Rows(string file)
    {
        using var stream = typeof(YinchuanAtlas).Assembly.GetManifestResourceStream("Yinchuan/" + file)!;
        using var reader = new StreamReader(stream);
        return [.. reader.ReadToEnd().Split('\n').Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).Select(f => (f[0], f[1].Trim('"')))];
    }
}
