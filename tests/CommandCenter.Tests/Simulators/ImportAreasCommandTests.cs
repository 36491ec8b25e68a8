using CommandCenter.Geography;
using CommandCenter.Geography.Areas;
using CommandCenter.Geography.Datum;
using CommandCenter.Protocol;
using CommandCenter.Simulators.Cli;
using CommandCenter.Testing;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Overlay;
using NetTopologySuite.Operation.OverlayNG;
using NetTopologySuite.Triangulate;
using Shouldly;

namespace CommandCenter.Tests.Simulators;

/// <summary>A city's own outlines replacing the generated ones: what is written, what is refused, and that the command center accepts the result.</summary>
public sealed class ImportAreasCommandTests : IDisposable
{
    private readonly string _folder = TestCity.CreateDataFolder();
    private readonly StringWriter _output = new();
    private readonly StringWriter _errors = new();

    private string AreasPath => Path.Combine(_folder, CityAreasFile.FileName);

    private string BackupPath => Path.Combine(_folder, ImportAreasCommand.BackupFileName);

    private string ImportPath => Path.Combine(_folder, "outlines.geojson");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A community the demo city divides into several grids.</summary>
    private static Community Community { get; } = TestCity.Demo.Districts.SelectMany(d => d.Streets).SelectMany(s => s.Communities).First(c => c.Grids.Count >= 2);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task GridsThatTileTheirCommunity_ReplaceTheGeneratedOnes_AndTheCommandCenterAcceptsThem()
    {
        var before = File.ReadAllText(AreasPath);
        var retiled = Retiled(Community);
        AreaGeoJson.Write(ImportPath, retiled);

        var exitCode = await Import("--city", _folder, "--file", ImportPath, "--level", "grid");

        exitCode.ShouldBe(0, _errors.ToString());
        _output.ToString().ShouldContain($"Replacing {retiled.Count} of the {TestCity.DemoWithAreas.Areas.Count} outlines");
        var loaded = CityAreasFile.Load(AreasPath, CityTopologyFile.Load(Path.Combine(_folder, CityTopologyFile.FileName)));
        foreach (var shape in retiled)
        {
            var stored = loaded.Single(s => s.Kind == AreaKind.Grid && s.Id == shape.Id);
            stored.Geometry.EqualsExact(shape.Geometry).ShouldBeTrue(shape.Id);
            stored.Surveyed.ShouldBeTrue($"{shape.Id}: the wall stops calling an imported outline generated");
            Generated(AreaKind.Grid, shape.Id).EqualsExact(shape.Geometry).ShouldBeFalse($"{shape.Id}: the test imports the generated outline unchanged");
        }

        var others = TestCity.DemoWithAreas.Areas.Where(a => !(a.Kind == AreaKind.Grid && Community.Grids.Any(g => g.Id == a.Id))).ToList();
        others.ShouldAllBe(a => loaded.Single(s => s.Kind == a.Kind && s.Id == a.Id).Geometry.EqualsExact(a.Geometry) && !loaded.Single(s => s.Kind == a.Kind && s.Id == a.Id).Surveyed);
        File.ReadAllText(BackupPath).ShouldBe(before);
    }

    [Fact]
    public async Task GridLeavingItsCommunity_IsRefusedNamingTheGridAndTheFile_AndNothingIsWritten()
    {
        var before = File.ReadAllText(AreasPath);
        var grid = Community.Grids[0].Id;
        AreaGeoJson.Write(ImportPath, [new AreaShape(AreaKind.Grid, grid, "", Generated(AreaKind.Grid, grid).Buffer(0.01))]);

        var exitCode = await Import("--city", _folder, "--file", ImportPath);

        exitCode.ShouldBe(1);
        _errors.ToString().ShouldContain($"  {ImportPath}: grid {grid} reaches outside community {Community.Id}");
        _errors.ToString().ShouldContain("nothing written");
        File.ReadAllText(AreasPath).ShouldBe(before);
        File.Exists(BackupPath).ShouldBeFalse();
    }

    [Fact]
    public async Task OutlineOfAnAreaTheCityDoesNotHave_IsRefused()
    {
        var before = File.ReadAllText(AreasPath);
        AreaGeoJson.Write(ImportPath, [new AreaShape(AreaKind.Grid, "999999999999-01", "", Generated(AreaKind.Grid, Community.Grids[0].Id))]);

        var exitCode = await Import("--city", _folder, "--file", ImportPath);

        exitCode.ShouldBe(1);
        _errors.ToString().ShouldContain($"  {ImportPath}: grid 999999999999-01 is not an area of {CityTopologyFile.FileName}");
        File.ReadAllText(AreasPath).ShouldBe(before);
    }

    [Fact]
    public async Task DryRun_ChecksAndWritesNothing()
    {
        var before = File.ReadAllText(AreasPath);
        AreaGeoJson.Write(ImportPath, Retiled(Community));

        var exitCode = await Import("--city", _folder, "--file", ImportPath, "--dry-run");

        exitCode.ShouldBe(0, _errors.ToString());
        _output.ToString().ShouldContain("--dry-run: nothing written");
        File.ReadAllText(AreasPath).ShouldBe(before);
        File.Exists(BackupPath).ShouldBeFalse();
    }

    [Fact]
    public async Task Gcj02Outlines_LandWhereTheWgs84OnesAre()
    {
        var grids = Community.Grids.Select(g => TestCity.DemoWithAreas.Areas.Single(a => a.Kind == AreaKind.Grid && a.Id == g.Id)).ToList();
        AreaGeoJson.Write(ImportPath, grids.Select(g => g with { Geometry = Geo.Converted(g.Geometry, Gcj02.FromWgs84) }));

        var exitCode = await Import("--city", _folder, "--file", ImportPath, "--datum", "gcj02");

        exitCode.ShouldBe(0, _errors.ToString());
        var stored = AreaGeoJson.Read(AreasPath);
        foreach (var grid in grids)
        {
            var vertices = stored.Single(s => s.Kind == AreaKind.Grid && s.Id == grid.Id).Geometry.Coordinates;
            vertices.Length.ShouldBe(grid.Geometry.Coordinates.Length);
            vertices.Zip(grid.Geometry.Coordinates, (a, b) => GeoDistance.Metres(a.Y, a.X, b.Y, b.X)).Max().ShouldBeLessThan(1.0, grid.Id);
        }
    }

    [Theory]
    [InlineData("{\"type\": \"FeatureCollection\", \"features\": [", "not JSON")]
    [InlineData("[]", "not a GeoJSON FeatureCollection")]
    public async Task FileThatIsNoFeatureCollection_IsRefusedNamingIt(string text, string expected)
    {
        File.WriteAllText(ImportPath, text);

        (await Import("--city", _folder, "--file", ImportPath)).ShouldBe(1);
        _errors.ToString().ShouldStartWith($"error: {ImportPath}: {expected}");
        File.Exists(BackupPath).ShouldBeFalse();
    }

    [Theory]
    [InlineData(new[] { "--file", "outlines.geojson" }, "--city is required")]
    [InlineData(new[] { "--city", "data", "--file", "outlines.geojson", "--level", "district" }, "--level must be one or more of street, community, grid, got 'district'")]
    [InlineData(new[] { "--city", "data", "--file", "outlines.geojson", "--datum", "bd09" }, "--datum must be one of wgs84, gcj02, got 'bd09'")]
    public async Task BadUsage_ExitsWith2AndSaysWhy(string[] args, string expected)
    {
        (await Import(args)).ShouldBe(SimulatorCli.UsageExitCode);
        _errors.ToString().ShouldStartWith($"error: {expected}{Environment.NewLine}");
    }

    [Fact]
    public void Parse_SeveralLevels_AreAllTaken()
    {
        var verb = new ImportAreasCommand(TimeProvider.System, _output, _errors);

        var options = verb.Read(verb.Parse(["--city", "data", "--file", "f", "--level", "grid", "community", "--level", "street"]));

        options.Level.ShouldBe(["grid", "community", "street"]);
        verb.Read(verb.Parse(["--city", "data", "--file", "f"])).Level.ShouldBe(["street", "community", "grid"]);
    }

    private Task<int> Import(params string[] args) => new ImportAreasCommand(TimeProvider.System, _output, _errors).RunAsync(args, Ct);

    private static Geometry Generated(AreaKind kind, string id) => TestCity.DemoWithAreas.Areas.Single(a => a.Kind == kind && a.Id == id).Geometry;

    /// <summary>
    /// The community divided anew among its grids, as a city's own GIS might: the Voronoi cell of each grid's point
    /// clipped to the community's outline, on the product's 10⁻⁶° grid.
    /// </summary>
    private static List<AreaShape> Retiled(Community community)
    {
        var outline = Generated(AreaKind.Community, community.Id);
        var builder = new VoronoiDiagramBuilder();
        builder.SetSites([.. community.Grids.Select(g => new Coordinate(g.Longitude, g.Latitude))]);
        var envelope = new Envelope(outline.EnvelopeInternal);
        envelope.ExpandBy(0.01);
        builder.ClipEnvelope = envelope;
        var cells = builder.GetDiagram(Geo.Factory);
        return
        [
            .. community.Grids.Select(g =>
            {
                var cell = Enumerable.Range(0, cells.NumGeometries).Select(cells.GetGeometryN).Single(c => c.Contains(Geo.Factory.CreatePoint(new Coordinate(g.Longitude, g.Latitude))));
                return new AreaShape(AreaKind.Grid, g.Id, g.Name, OverlayNG.Overlay(cell, outline, SpatialFunction.Intersection, Geo.Precision));
            }),
        ];
    }
}
