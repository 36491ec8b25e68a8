using CommandCenter.Geography.Areas;
using CommandCenter.Geography.Sources;
using CommandCenter.Grains.City;
using CommandCenter.Protocol;
using CommandCenter.Simulators.City;
using CommandCenter.Testing;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using Shouldly;

namespace CommandCenter.Tests.Geography;

/// <summary>
/// The generated geography of Yinchuan and of the demo city: the real tree, the partition into grids, and where a
/// position resolves. Expected sides come from the districts' converted outlines (the committed data), not from
/// the locator under test.
/// </summary>
public sealed class CityGeographyTests
{
    private static readonly GeneratedCity Yinchuan = FullYinchuan.City;
    private static readonly CityDirectory YinchuanDirectory = new(Yinchuan.Topology, Yinchuan.Areas);
    private static readonly CityDirectory Demo = new(TestCity.Demo, TestCity.DemoWithAreas.Areas);

    private static AtlasDistrict District(string code) => YinchuanAtlas.Districts.Single(d => d.Code == code);

    [Fact]
    public void Yinchuan_HasEveryRealDistrictStreetAndCommunityWithItsCodeAndName_And4121Grids()
    {
        var city = Yinchuan.Topology;

        city.Districts.Select(d => (d.Id, d.Name)).ShouldBe(YinchuanAtlas.Districts.Select(d => (d.Code, d.Name)), ignoreOrder: true);
        city.Districts.SelectMany(d => d.Streets).Select(s => (s.Id, s.Name))
            .ShouldBe(YinchuanAtlas.Districts.SelectMany(d => d.Streets).Select(s => (s.Code, s.Name)), ignoreOrder: true);
        city.Districts.SelectMany(d => d.Streets).SelectMany(s => s.Communities).Select(c => (c.Id, c.Name))
            .ShouldBe(YinchuanAtlas.Districts.SelectMany(d => d.Streets).SelectMany(s => s.Communities).Select(c => (c.Code, c.Name)), ignoreOrder: true);
        var grids = city.Districts.SelectMany(d => d.Streets).SelectMany(s => s.Communities).SelectMany(c => c.Grids.Select(g => (Community: c.Id, g.Id))).ToList();
        grids.Count.ShouldBe(4121);
        grids.ShouldAllBe(g => g.Id.StartsWith(g.Community + "-"));
    }

    [Fact]
    public void Yinchuan_EveryGridInsideItsCommunity_EveryCommunityInsideItsStreet_EveryStreetInsideItsDistrict()
    {
        CityAreasFile.Check(Yinchuan.Topology, Yinchuan.Areas).ShouldBeEmpty();
    }

    [Fact]
    public void Yinchuan_GridsOfEachDistrictCoverItsRealOutline()
    {
        foreach (var district in Yinchuan.Topology.Districts)
        {
            var outline = District(district.Id).Outline;
            var gridIds = district.Streets.SelectMany(s => s.Communities).SelectMany(c => c.Grids).Select(g => g.Id).ToHashSet();
            var gridArea = Yinchuan.Areas.Where(a => a.Kind == AreaKind.Grid && gridIds.Contains(a.Id)).Sum(a => a.Geometry.Area);
            gridArea.ShouldBe(outline.Area, outline.Area * 1e-4, district.Name);
        }
    }

    [Fact]
    public void SamplePointsInsideEachDistrict_LandInAGridOfThatDistrict()
    {
        var random = new Random(7);
        foreach (var district in YinchuanAtlas.Districts)
        {
            foreach (var (latitude, longitude) in PointsOnlyIn(district, 200, random))
            {
                var place = YinchuanDirectory.Locate(latitude, longitude);
                place.ShouldNotBeNull($"({latitude}, {longitude}) in {district.Name}");
                place.District.Id.ShouldBe(district.Code, $"({latitude}, {longitude})");
                place.Grid.Id.ShouldStartWith(place.Community.Id);
            }
        }
    }

    [Fact]
    public void APointOnASharedGridBorder_LandsInExactlyOneGrid_TheOneWithTheSmallestId()
    {
        var locator = new CityLocator(Yinchuan.Areas);
        var grids = Yinchuan.Areas.Where(a => a.Kind == AreaKind.Grid).ToList();
        var checkedEdges = 0;
        var edges = grids.Take(150).SelectMany(g => ((Polygon)g.Geometry.GetGeometryN(0)).ExteriorRing.Coordinates.Zip(((Polygon)g.Geometry.GetGeometryN(0)).ExteriorRing.Coordinates.Skip(1)));
        foreach (var (from, to) in edges)
        {
            var middle = new Coordinate((from.X + to.X) / 2, (from.Y + to.Y) / 2);
            var where = grids.Where(g => g.Geometry.EnvelopeInternal.Intersects(middle))
                .Select(g => (g.Id, Location: new IndexedPointInAreaLocator(g.Geometry).Locate(middle)))
                .Where(g => g.Location != Location.Exterior).ToList();
            if (where.Count < 2)
            {
                continue;
            }

            // Inside one grid (neighbours' rounded borders may differ by 10⁻⁶°) it is that grid's; on the border of all, the smallest id's.
            var inside = where.Where(g => g.Location == Location.Interior).Select(g => g.Id).ToList();
            var answer = locator.GridAt(middle.Y, middle.X);
            var shared = string.Join(", ", where.Select(g => $"{g.Id} {g.Location}"));
            if (inside.Count > 0)
            {
                inside.ShouldContain(answer!, $"edge midpoint {middle}: {shared}");
            }
            else
            {
                answer.ShouldBe(where.Select(g => g.Id).Order(StringComparer.Ordinal).First(), $"edge midpoint {middle}: {shared}");
            }

            locator.GridAt(middle.Y, middle.X).ShouldBe(answer, "the same point always lands in the same grid");
            checkedEdges++;
        }

        checkedEdges.ShouldBeGreaterThan(100);
    }

    [Theory]
    [InlineData(39.9042, 116.4074)] // Beijing
    [InlineData(0, 0)]
    [InlineData(38.0, 105.0)] // west of the Helan mountains, outside every district of Yinchuan
    [InlineData(double.NaN, 106.28)]
    public void PointsOutsideTheCity_AreRefused(double latitude, double longitude)
    {
        YinchuanDirectory.Locate(latitude, longitude).ShouldBeNull();
    }

    [Fact]
    public void AWgs84PointNearTheBorderOfXingqingAndJinfeng_LandsOnTheSideItsOutlinesSay()
    {
        var xingqing = District("640104");
        var jinfeng = District("640106");
        var checkedPoints = 0;
        // Vertices of 金凤区's outline that lie on 兴庆区's: the border between the two.
        foreach (var vertex in jinfeng.Outline.Coordinates.Where(v => xingqing.Outline.Distance(new Point(v)) < 1e-6).Take(40))
        {
            foreach (var toward in new[] { xingqing, jinfeng })
            {
                // About 50 m from the border toward the district's label point.
                var (dx, dy) = (toward.Label.X - vertex.X, toward.Label.Y - vertex.Y);
                var length = Math.Sqrt(dx * dx + dy * dy);
                var probe = new Coordinate(vertex.X + dx / length * 0.0005, vertex.Y + dy / length * 0.0005);
                var inXingqing = xingqing.Outline.Contains(new Point(probe));
                var inJinfeng = jinfeng.Outline.Contains(new Point(probe));
                if (inXingqing == inJinfeng)
                {
                    continue;
                }

                YinchuanDirectory.Locate(probe.Y, probe.X)!.District.Id.ShouldBe(inXingqing ? "640104" : "640106", $"({probe.Y}, {probe.X})");
                checkedPoints++;
            }
        }

        checkedPoints.ShouldBeGreaterThan(10);
    }

    [Fact]
    public void DemoCity_IsARealSliceOfXingqingAndJinfengWhoseGridsCoverBothDistricts()
    {
        var city = TestCity.Demo;
        city.Districts.Select(d => (d.Id, d.Name)).ShouldBe([("640104", "兴庆区"), ("640106", "金凤区")]);
        city.Districts.SelectMany(d => d.Streets).ShouldAllBe(s => YinchuanAtlas.Districts.SelectMany(d => d.Streets).Any(real => real.Code == s.Id && real.Name == s.Name));
        CityAreasFile.Check(city, TestCity.DemoWithAreas.Areas).ShouldBeEmpty();

        var random = new Random(11);
        foreach (var code in new[] { "640104", "640106" })
        {
            foreach (var (latitude, longitude) in PointsOnlyIn(District(code), 100, random))
            {
                var place = Demo.Locate(latitude, longitude);
                place.ShouldNotBeNull($"({latitude}, {longitude}) in {code} resolves in the demo city");
                place.District.Id.ShouldBe(code, $"({latitude}, {longitude})");
            }
        }

        foreach (var (latitude, longitude) in PointsOnlyIn(District("640105"), 50, random))
        {
            Demo.Locate(latitude, longitude).ShouldBeNull("西夏区 is outside the demo city");
        }
    }

    [Fact]
    public void XingqingsLabelPoint_LandsInXingqing_InYinchuanAndInTheDemoCity()
    {
        YinchuanDirectory.Locate(38.4736, 106.2886)!.District.Id.ShouldBe("640104");
        Demo.Locate(38.4736, 106.2886)!.District.Id.ShouldBe("640104");
    }

    [Fact]
    public void Generate_FullPreset_PartitionsItsDistrictsInSeconds()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var plans = TreePlan();

        var shapes = CommandCenter.Geography.Partition.TreePartition.Build(plans, seed: 3);

        shapes.Count(s => s.Kind == AreaKind.Grid).ShouldBe(4121);
        started.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(60), "a shared 2-core machine; alone it takes a few seconds");
    }

    /// <summary>The full tree with the grids of <see cref="Yinchuan"/>, to partition again on its own.</summary>
    private static List<CommandCenter.Geography.Partition.DistrictPlan> TreePlan() =>
        [.. Yinchuan.Topology.Districts.Select(d => new CommandCenter.Geography.Partition.DistrictPlan(d.Id, d.Name, District(d.Id).Outline, District(d.Id).Label,
            [.. d.Streets.Select(s => new CommandCenter.Geography.Partition.StreetPlan(s.Id, s.Name, s.Name.EndsWith("街道"),
                [.. s.Communities.Select(c => new CommandCenter.Geography.Partition.CommunityPlan(c.Id, c.Name,
                    [.. c.Grids.Select(g => new CommandCenter.Geography.Partition.GridPlan(g.Id, g.Name))]))]))]))];

    /// <summary>Random points inside a district's outline and inside no other district's (the published outlines overlap a little).</summary>
    private static IEnumerable<(double Latitude, double Longitude)> PointsOnlyIn(AtlasDistrict district, int count, Random random)
    {
        var inside = new IndexedPointInAreaLocator(district.Outline);
        var others = YinchuanAtlas.Districts.Where(d => d.Code != district.Code).Select(d => new IndexedPointInAreaLocator(d.Outline)).ToList();
        var envelope = district.Outline.EnvelopeInternal;
        var found = 0;
        while (found < count)
        {
            var point = new Coordinate(envelope.MinX + random.NextDouble() * envelope.Width, envelope.MinY + random.NextDouble() * envelope.Height);
            if (inside.Locate(point) == Location.Interior && others.All(o => o.Locate(point) == Location.Exterior))
            {
                found++;
                yield return (point.Y, point.X);
            }
        }
    }
}
