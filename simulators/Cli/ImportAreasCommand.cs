using System.CommandLine;
using System.Text.RegularExpressions;
using CommandCenter.Geography;
using CommandCenter.Geography.Areas;
using CommandCenter.Geography.Datum;
using CommandCenter.Protocol;

namespace CommandCenter.Simulators.Cli;

/// <summary>Options of <c>import-areas</c>.</summary>
public sealed record ImportAreasOptions
{
    public const string Wgs84 = "wgs84";

    public const string Gcj02 = "gcj02";

    /// <summary>The levels a city has its own outlines for; districts are the real ones already (docs/geography.md).</summary>
    public static readonly IReadOnlyList<string> Levels = [.. new[] { AreaKind.Street, AreaKind.Community, AreaKind.Grid }.Select(AreaGeoJson.LevelName)];

    /// <summary>The data folder holding <c>city.json</c> and <c>city-areas.geojson</c>.</summary>
    public string? City { get; init; }

    public string? File { get; init; }

    /// <summary>Names of <see cref="Levels"/>: the outlines of the file at other levels are skipped.</summary>
    public IReadOnlyList<string> Level { get; init; } = Levels;

    public string Datum { get; init; } = Wgs84;

    public bool DryRun { get; init; }
}

/// <summary>
/// <c>import-areas</c>: replaces generated street, community and grid outlines in <c>city-areas.geojson</c> with a
/// city's own, after the checks the command center runs at start (<see cref="CityAreasFile.Check"/>) pass on the result.
/// </summary>
public sealed partial class ImportAreasCommand(TimeProvider time, TextWriter output, TextWriter errors) : Verb<ImportAreasOptions>(output, errors)
{
    /// <summary>Where the outlines before the last import are kept, beside <see cref="CityAreasFile.FileName"/>.</summary>
    public const string BackupFileName = CityAreasFile.FileName + ".bak";

    private static readonly ImportAreasOptions Defaults = new();

    private readonly Option<string?> _city = VerbOptions.RequiredText("--city", "DIR", $"the data folder holding {CityTopologyFile.FileName} and {CityAreasFile.FileName}");
    private readonly Option<string?> _file = VerbOptions.RequiredText("--file", "OUTLINES", "the city's outlines: a GeoJSON FeatureCollection (see below)");
    private readonly Option<string[]> _level = VerbOptions.Choices("--level", "LEVEL", "import the outlines of these levels only", ImportAreasOptions.Levels, ImportAreasOptions.Levels);
    private readonly Option<string> _datum = VerbOptions.Choice("--datum", "DATUM", "datum of the file's coordinates", [ImportAreasOptions.Wgs84, ImportAreasOptions.Gcj02], Defaults.Datum);
    private readonly Option<bool> _dryRun = VerbOptions.Flag("--dry-run", "check and summarise, write nothing");

    public override string Name => "import-areas";

    public override string Summary => $"Replaces the generated street, community and grid outlines of {CityAreasFile.FileName} with a city's own (GeoJSON), checked as the command center checks them.";

    public override string Notes { get; } =
        $"""
        The file: a GeoJSON FeatureCollection of Polygon or MultiPolygon features, [longitude, latitude], with
        properties "level" (street, community or grid), "id" (the area's id in {CityTopologyFile.FileName}) and "name":
          {"{"}"type": "Feature", "properties": {"{"}"level": "grid", "id": "640104001003-01", "name": "..."{"}"},
           "geometry": {"{"}"type": "Polygon", "coordinates": [[[106.28, 38.47], ...]]{"}"}{"}"}
        Coordinates from a Chinese web map (AMap, Tencent) are GCJ-02: --datum gcj02 converts them to the WGS-84
        the product stores. Every vertex is rounded to 10^-6 degrees (about 0.1 m), as the file stores it.

        Each outline of the file replaces the outline of the same area; the others are kept. The result must
        pass the command center's start-up checks: every area of {CityTopologyFile.FileName} has exactly one valid outline
        and no outline names an area it does not have; every grid lies inside its community, every community
        inside its street, every street inside its district (within 10^-5 degrees, about 1 m); every grid's,
        elevator's and lot's position lies in its grid, every unit's and firm's in some grid. Each problem is
        listed with the file of the outline it concerns, and nothing is written.

        Otherwise writes {CityAreasFile.FileName} (through a temporary file, so it is never half written), the
        previous one kept as {BackupFileName}. The command center reads the outlines at start: restart it.
        Exit codes: 0 imported (or would be, with --dry-run), 1 problems found (nothing written), 2 bad usage.
        """;

    protected override IEnumerable<Option> Options => [_city, _file, _level, _datum, _dryRun];

    protected override IEnumerable<Option> Required => [_city, _file];

    public override ImportAreasOptions Read(ParseResult parse) => new()
    {
        City = parse.GetValue(_city),
        File = parse.GetValue(_file),
        Level = parse.GetValue(_level)!,
        Datum = parse.GetValue(_datum)!,
        DryRun = parse.GetValue(_dryRun),
    };

    protected override Task<int> ExecuteAsync(ImportAreasOptions options, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var folder = Path.GetFullPath(options.City!);
        var cityPath = Path.Combine(folder, CityTopologyFile.FileName);
        var areasPath = Path.Combine(folder, CityAreasFile.FileName);
        var importPath = Path.GetFullPath(options.File!);
        CityTopology city;
        IReadOnlyList<AreaShape> current;
        IReadOnlyList<AreaShape> read;
        try
        {
            city = CityTopologyFile.Load(cityPath);
            if (!File.Exists(areasPath))
            {
                Errors.WriteLine($"error: {areasPath}: there are no outlines to import into; the city verb writes them with {CityTopologyFile.FileName}");
                return Task.FromResult(1);
            }

            current = AreaGeoJson.Read(areasPath);
            Output.WriteLine($"Reading {importPath} ({Size(new FileInfo(importPath).Length)})...");
            read = AreaGeoJson.Read(importPath);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            Errors.WriteLine($"error: {ex.Message}");
            return Task.FromResult(1);
        }

        Output.WriteLine($"Read {read.Count} outlines in {Seconds(started)}: {Counts(read)}");
        var imported = read.Where(s => options.Level.Contains(AreaGeoJson.LevelName(s.Kind))).ToList();
        if (imported.Count < read.Count)
        {
            Output.WriteLine($"Skipped {read.Count - imported.Count} outlines of other levels than {string.Join(", ", options.Level)}: {Counts(read.Except(imported))}");
        }

        if (imported.Count == 0)
        {
            Errors.WriteLine($"error: {importPath} has no {string.Join(", ", options.Level)} outlines; nothing written");
            return Task.FromResult(1);
        }

        Func<double, double, (double, double)> toWgs84 = options.Datum == ImportAreasOptions.Gcj02 ? Gcj02.ToWgs84 : (latitude, longitude) => (latitude, longitude);
        // Marked as the city's own, so the wall stops calling them generated.
        imported = [.. imported.Select(s => s with { Geometry = Geo.Converted(s.Geometry, toWgs84), Label = null, Surveyed = true })];
        if (options.Datum == ImportAreasOptions.Gcj02)
        {
            Output.WriteLine($"Converted them from GCJ-02 to WGS-84 ({Seconds(started)})");
        }

        var replacing = imported.Select(s => (s.Kind, s.Id)).ToHashSet();
        var replaced = current.Count(s => replacing.Contains((s.Kind, s.Id)));
        Output.WriteLine($"Replacing {replaced} of the {current.Count} outlines of {areasPath}, adding {imported.Count - replaced}: {Counts(imported)}");

        // The file's order is kept (it diffs well): imported outlines take the place of the one they replace, new ones go last.
        var importedByKey = imported.GroupBy(s => (s.Kind, s.Id)).ToDictionary(g => g.Key, g => g.ToList());
        var result = new List<AreaShape>();
        foreach (var shape in current)
        {
            if (importedByKey.Remove((shape.Kind, shape.Id), out var replacements))
            {
                result.AddRange(replacements);
            }
            else if (!replacing.Contains((shape.Kind, shape.Id)))
            {
                result.Add(shape);
            }
        }

        result.AddRange(importedByKey.Values.SelectMany(s => s));

        Output.WriteLine($"Checking them against {cityPath}...");
        var problems = CityAreasFile.Check(city, result);
        if (problems.Count > 0)
        {
            Errors.WriteLine($"error: {problems.Count} problems with the outlines after the import (checked in {Seconds(started)}); nothing written:");
            foreach (var problem in problems)
            {
                Errors.WriteLine($"  {SourceOf(problem, replacing, importPath, areasPath)}: {problem}");
            }

            return Task.FromResult(1);
        }

        Output.WriteLine($"The outlines fit the city (checked in {Seconds(started)}).");
        if (options.DryRun)
        {
            Output.WriteLine($"--dry-run: nothing written; without it {areasPath} would be replaced.");
            return Task.FromResult(0);
        }

        try
        {
            CityAreasFile.Save(areasPath, result, Path.Combine(folder, BackupFileName));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Errors.WriteLine($"error: {ex.Message}");
            return Task.FromResult(1);
        }

        Output.WriteLine($"Wrote {areasPath}; the previous outlines are in {BackupFileName}. Restart the command center to use them.");
        return Task.FromResult(0);
    }

    /// <summary>
    /// The file to look at for a problem: the imported file when it names an imported outline (the import is what
    /// changed), otherwise the current outlines, which the problem was already in.
    /// </summary>
    private static string SourceOf(string problem, HashSet<(AreaKind, string)> imported, string importPath, string areasPath) =>
        AreaMention().Matches(problem).Any(m => Enum.TryParse<AreaKind>(m.Groups["level"].Value, ignoreCase: true, out var kind) && imported.Contains((kind, m.Groups["id"].Value)))
            ? importPath
            : areasPath;

    /// <summary>An area as <see cref="CityAreasFile.Check"/> names it: its level and id ("grid 640104001003-01").</summary>
    [GeneratedRegex(@"\b(?<level>district|street|community|grid) (?<id>[^\s:]+)")]
    private static partial Regex AreaMention();

    private static string Counts(IEnumerable<AreaShape> shapes) =>
        string.Join(", ", shapes.GroupBy(s => s.Kind).OrderBy(g => g.Key).Select(g => $"{AreaGeoJson.LevelName(g.Key)} {g.Count()}"));

    private static string Size(long bytes) => bytes >= 1_000_000 ? $"{bytes / 1e6:F1} MB" : $"{bytes / 1e3:F0} kB";

    private string Seconds(long since) => $"{time.GetElapsedTime(since).TotalSeconds:F1} s";
}
