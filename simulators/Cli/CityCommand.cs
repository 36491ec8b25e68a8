using System.CommandLine;
using CommandCenter.Geography.Areas;
using CommandCenter.Protocol;
using CommandCenter.Simulators.City;

namespace CommandCenter.Simulators.Cli;

/// <summary>
/// Options of <c>city</c>: where to write, which preset, its seed, and counts that override the
/// preset's. Kept apart from <see cref="DemoCityOptions"/> so that the options may come in any order.
/// </summary>
public sealed record CityOptions
{
    public string? Out { get; init; }

    public bool Force { get; init; }

    /// <summary>A key of <see cref="DemoCityOptions.Presets"/>.</summary>
    public string Preset { get; init; } = "demo";

    public int Seed { get; init; } = CityGeneratorOptions.DefaultSeed;

    public int? Elevators { get; init; }

    public int? Berths { get; init; }

    public int? Lots { get; init; }

    public int? Apps { get; init; }

    /// <summary>The preset with the seed and the given counts applied.</summary>
    public DemoCityOptions City
    {
        get
        {
            var preset = DemoCityOptions.Presets[Preset];
            return preset with
            {
                City = preset.City with
                {
                    Seed = Seed,
                    Elevators = Elevators ?? preset.City.Elevators,
                    BerthSensors = Berths ?? preset.City.BerthSensors,
                    Lots = Lots ?? preset.City.Lots,
                },
                Apps = Apps ?? preset.Apps,
            };
        }
    }
}

/// <summary><c>city</c>: generates a demo city's topology and derives its device registry and plain-text credentials from it.</summary>
public sealed class CityCommand(TimeProvider time, TextWriter output, TextWriter errors) : Verb<CityOptions>(output, errors)
{
    /// <summary>The kept <c>city.json</c> is of an older version; <c>run.sh</c> tells this apart to say how to regenerate it.</summary>
    public const int OutdatedCityExitCode = 3;

    /// <summary>The kept <c>city.json</c> is of a version the <c>upgrade</c> verb brings up to date; <c>run.sh</c> says how.</summary>
    public const int UpgradableCityExitCode = 4;

    private static readonly CityOptions Defaults = new();

    private readonly Option<string?> _out = VerbOptions.RequiredText("--out", "DIR", "folder for the three files, e.g. the command center's data folder");
    private readonly Option<string> _preset = VerbOptions.Choice("--preset", "NAME", "size and shape of the city (see below)", [.. DemoCityOptions.Presets.Keys], Defaults.Preset);
    private readonly Option<int> _seed = VerbOptions.Whole("--seed", "S", "seed of the city's layout", int.MinValue, int.MaxValue, Defaults.Seed);
    private readonly Option<int?> _elevators = VerbOptions.OptionalWhole("--elevators", "N", "overrides the preset's elevator count", 0, 100_000, PresetDefault(p => p.City.Elevators));
    private readonly Option<int?> _berths = VerbOptions.OptionalWhole("--berths", "N", "overrides the preset's berth sensor count", 0, 100_000, PresetDefault(p => p.City.BerthSensors));
    private readonly Option<int?> _lots = VerbOptions.OptionalWhole("--lots", "N", "overrides the preset's parking lot count", 0, 10_000, PresetDefault(p => p.City.Lots));
    private readonly Option<int?> _apps = VerbOptions.OptionalWhole("--apps", "N", "overrides the preset's count of safety officers' and technicians' apps", 0, 10_000, PresetDefault(p => p.Apps));
    private readonly Option<bool> _force = VerbOptions.Flag("--force", "replace existing files (invalidates every device's old secret)");

    public override string Name => "city";

    public override string Summary => "Generates the demo city: its topology (city.json), the device registry the command center reads and the devices' plain-text credentials.";

    public override string Notes { get; } =
        $"""
        Presets:
        {string.Join(Environment.NewLine, DemoCityOptions.Presets.Select(p => $"  {p.Key,-10}{PresetSummary(p.Value)}"))}
        --elevators, --berths, --lots and --apps replace the preset's count; everything else (districts,
        grids, firms, elevators per user unit) stays the preset's.

        The districts, streets and communities are Yinchuan's real ones (official names, their codes as ids:
        640104 兴庆区, 640104001 凤凰北街街道, 640104001003 兴隆社区; grids 640104001003-01..); a preset of fewer
        streets or communities takes the first of each district or street, and their grids still cover the
        whole of the districts taken. Positions are WGS-84 (docs/geography.md).

        Writes four files that belong together:
          {DemoCity.CityFileName,-22} the topology the command center loads: districts > streets > communities >
          {"",-22} grids, user units, maintenance firms, elevators, lots with their berths and night-free berths
          {CityAreasFile.FileName,-22} the outlines of the districts (real) and streets, communities, grids (schematic)
          {DemoCity.RegistryFileName,-22} one device per lift (EL-0001..) and escalator (ESC-0001.., after the lifts), per berth sensor (BS-00001..) and per
          {"",-22} lot (its gate counter, id = lot id, LOT-001..), and apps APP-001..; salted SHA-256 secret hashes
          {DemoCity.CredentialsFileName,-22} the same devices with their plain-text secrets
        Ids get a digit more when the count needs one (20,000 elevators are EL-00001..EL-20000). Each app
        serves a contiguous share of the user units and exactly their elevators: every elevator has one app,
        and every unit an app files monthly minutes for is a unit of its elevators.

        Everything but the secrets is the same for the same preset, seed and counts. Secrets are random
        128-bit tokens, new on every generation and never derived from the seed, so a demo left reachable
        on a network is not open to anyone who knows the default seed. Existing files are kept unless
        --force is given: city.json on its own (with its outlines), devices.json and demo-credentials.json together, so
        rerunning keeps the secrets the command center already knows; devices written beside a kept
        city.json are derived from it. If the files in the folder then disagree (say, devices.json from
        an older city), a warning says how; --force regenerates them all. A kept city.json of an older
        version is neither used nor replaced: the command stops with exit code {OutdatedCityExitCode} and says to
        regenerate it with --force (an older file's schematic positions cannot become real ones), or for a version
        {CityTopology.LastVersionWithoutPropertyFirms} file with exit code {UpgradableCityExitCode} and says to bring it up to date with 'upgrade --city FILE'.

        Connect as a device (MQTT 5, QoS 1; username and client id = device id, password = its secret):
          mosquitto_pub -V mqttv5 -q 1 -i EL-0001 -u EL-0001 -P SECRET -t cc/v1/elevators/EL-0001/status -m '{"{...}"}'
        """;

    protected override IEnumerable<Option> Options => [_out, _preset, _seed, _elevators, _berths, _lots, _apps, _force];

    protected override IEnumerable<Option> Required => [_out];

    public override CityOptions Read(ParseResult parse) => new()
    {
        Out = parse.GetValue(_out),
        Force = parse.GetValue(_force),
        Preset = parse.GetValue(_preset)!,
        Seed = parse.GetValue(_seed),
        Elevators = parse.GetValue(_elevators),
        Berths = parse.GetValue(_berths),
        Lots = parse.GetValue(_lots),
        Apps = parse.GetValue(_apps),
    };

    protected override string? Problem(CityOptions options) => options.City.Problem;

    protected override Task<int> ExecuteAsync(CityOptions options, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var folder = Path.GetFullPath(options.Out!);
        DemoCity city;
        try
        {
            var generated = CityGenerator.GenerateWithAreas(options.City.City);
            Output.WriteLine($"Generated the {options.Preset} city (seed {options.Seed}) in {Seconds(started)}: {DemoCity.Describe(generated.Topology)}");
            city = DemoCity.Generate(generated, options.City.Apps);
            Output.WriteLine($"Derived {city.Registry.Devices.Count} devices and their secrets ({Seconds(started)})");
        }
        catch (ArgumentException ex)
        {
            Errors.WriteLine($"error: {ex.Message}");
            return Task.FromResult(2);
        }

        DemoCityFiles files;
        try
        {
            files = city.WriteTo(folder, options.Force);
        }
        catch (OutdatedCityFileException ex)
        {
            Errors.WriteLine($"error: {ex.Message}");
            return Task.FromResult(ex.CanUpgrade ? UpgradableCityExitCode : OutdatedCityExitCode);
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            Errors.WriteLine($"error: {ex.Message}");
            return Task.FromResult(1);
        }

        var cityPath = Path.Combine(folder, DemoCity.CityFileName);
        Output.WriteLine(files.CityWritten
            ? $"Wrote {cityPath} ({Size(new FileInfo(cityPath).Length)})"
            : $"Kept {cityPath} (--force replaces it): {DemoCity.Describe(files.City)}");
        var devices = $"{Path.Combine(folder, DemoCity.RegistryFileName)} and {DemoCity.CredentialsFileName}";
        if (files.DevicesWritten is { } written)
        {
            Output.WriteLine($"Wrote {devices}{(files.CityWritten ? "" : $", derived from the kept {DemoCity.CityFileName}")}:");
            Output.WriteLine($"  {written.Credentials.Note}");
        }
        else
        {
            Output.WriteLine($"Kept {devices} (--force replaces them and every device's secret)");
        }

        if (files.Disagreements.Count > 0)
        {
            Warn($"the files in {folder} disagree in {files.Disagreements.Count} ways; 'city --out {folder} --force' regenerates all three (new secrets):", files.Disagreements);
        }

        Output.WriteLine($"Done in {Seconds(started)}.");
        return Task.FromResult(0);
    }

    private static string PresetDefault(Func<DemoCityOptions, int> count) =>
        "from the preset: " + string.Join(", ", DemoCityOptions.Presets.Select(p => $"{p.Key} {count(p.Value)}"));

    private static string PresetSummary(DemoCityOptions preset)
    {
        var city = preset.City;
        return $"{city.Districts} districts, {city.Streets} streets/towns, {city.Communities} communities, {city.Grids} grids, " +
               $"{city.Elevators} elevators (about {city.ElevatorsPerUnit} per user unit), {city.Firms} firms, " +
               $"{city.Lots} lots with {city.BerthSensors} berth sensors, {preset.Apps} apps";
    }

    private static string Size(long bytes) => bytes >= 1_000_000 ? $"{bytes / 1e6:F1} MB" : $"{bytes / 1e3:F0} kB";

    private string Seconds(long since) => $"{time.GetElapsedTime(since).TotalSeconds:F1} s";
}
