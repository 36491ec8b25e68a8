using System.CommandLine;
using CommandCenter.Protocol;
using CommandCenter.Simulators.City;

namespace CommandCenter.Simulators.Cli;

/// <summary>Options of <c>upgrade</c>.</summary>
public sealed record UpgradeOptions
{
    public string? City { get; init; }
}

/// <summary>
/// <c>upgrade</c>: brings a city file written by an older build up to this build's version (<see cref="CityTopologyFile.Upgrade"/>):
/// a version 5 file gains an empty property-firm registry; a schematic file (version 4 or older) cannot be, and it says how to regenerate.
/// </summary>
public sealed class UpgradeCommand(TextWriter output, TextWriter errors) : Verb<UpgradeOptions>(output, errors)
{
    private readonly Option<string?> _city = VerbOptions.RequiredText("--city", "FILE", "the city file, e.g. the data folder's city.json");

    public override string Name => "upgrade";

    public override string Summary => $"Brings a version {CityTopology.LastVersionWithoutPropertyFirms} city file up to this build's version {CityTopology.CurrentVersion}, or says how to regenerate an older one.";

    public override string Notes { get; } =
        $"""
        Version {CityTopology.CurrentVersion} places the city on the real administrative tree (official codes as ids) at
        real WGS-84 positions, with the outlines of its areas in city-areas.geojson beside it. Every older version
        (1 to {CityTopology.LastSchematicVersion}) placed it on a schematic map with generated ids, and a schematic
        position cannot be turned into a real one: such a file is not changed, and the error says how to regenerate
        it ('city --out FOLDER --force'). A version {CityTopology.LastVersionWithoutPropertyFirms} file gains an empty registry of
        property firms (propertyFirms) and keeps everything else. A file already at version {CityTopology.CurrentVersion} is left as it is.
        """;

    protected override IEnumerable<Option> Options => [_city];

    protected override IEnumerable<Option> Required => [_city];

    public override UpgradeOptions Read(ParseResult parse) => new() { City = parse.GetValue(_city) };

    protected override Task<int> ExecuteAsync(UpgradeOptions options, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(options.City!);
        try
        {
            var was = CityTopologyFile.Upgrade(path);
            var city = CityTopologyFile.Load(path);
            Output.WriteLine(was == CityTopology.CurrentVersion
                ? $"{path} is already version {CityTopology.CurrentVersion}; nothing to do. {DemoCity.Describe(city)}"
                : $"Upgraded {path} from version {was} to {CityTopology.CurrentVersion} (an empty registry of property firms). {DemoCity.Describe(city)}");
            return Task.FromResult(0);
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            Errors.WriteLine($"error: {ex.Message}");
            return Task.FromResult(1);
        }
    }
}
