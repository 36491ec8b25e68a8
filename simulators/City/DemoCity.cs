using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CommandCenter.Geography.Areas;
using CommandCenter.Protocol;

namespace CommandCenter.Simulators.City;

/// <summary>
/// A generated demo city: its topology (<c>city.json</c>, which the command center loads) and the
/// devices derived from it, so the two can never disagree: the device registry the command center
/// authenticates against (<c>devices.json</c>) and the matching plain-text credentials for simulators
/// and people with mosquitto_pub (<c>demo-credentials.json</c>). Everything except the secrets (random
/// 128-bit tokens, never derived from the seed, so a demo left on a network is not open to whoever
/// knows the default seed) is deterministic for a seed.
/// </summary>
/// <remarks>
/// One device per topology elevator (its id), per berth sensor id and per lot (the lot's gate counter
/// has the lot's id), and apps <c>APP-001</c>.. Each app serves whole user units, a contiguous share of
/// the city's units that have elevators, and exactly the elevators of those units: every elevator has
/// one app, and every unit an app files monthly minutes for is a unit of its elevators.
/// </remarks>
public sealed class DemoCity
{
    public const string RegistryFileName = "devices.json";
    public const string CredentialsFileName = "demo-credentials.json";
    public const string CityFileName = CityTopologyFile.FileName;

    private const int MaxIdsShown = 5;

    private static readonly ProtocolJson Indented = new(new JsonSerializerOptions(ProtocolJson.Default.Options) { WriteIndented = true });

    private DemoCity(CityTopology topology, IReadOnlyList<AreaShape>? areas, int apps, DeviceRegistryFile registry, DemoCredentialsFile credentials)
    {
        Topology = topology;
        Areas = areas;
        Apps = apps;
        Registry = registry;
        Credentials = credentials;
    }

    /// <summary>The city the devices were derived from (<c>city.json</c>).</summary>
    public CityTopology Topology { get; }

    /// <summary>The outlines of the city's areas (<c>city-areas.geojson</c>); null for devices derived from a city read from a file, whose outlines stay as they are.</summary>
    public IReadOnlyList<AreaShape>? Areas { get; }

    /// <summary>How many apps share the user units.</summary>
    public int Apps { get; }

    /// <summary>What the command center reads (<c>devices.json</c>): ids, kinds, salted secret hashes, app assignments.</summary>
    public DeviceRegistryFile Registry { get; }

    /// <summary>The same devices with their plain-text secrets (<c>demo-credentials.json</c>).</summary>
    public DemoCredentialsFile Credentials { get; }

    /// <summary>App <paramref name="number"/> (1-based) of <paramref name="count"/>: <c>APP-001</c>, wider when the count needs it.</summary>
    public static string AppId(int number, int count) =>
        $"APP-{number.ToString("D" + CityGenerator.IdWidth(count, 3), CultureInfo.InvariantCulture)}";

    /// <summary>Generates the topology from the options, then its devices.</summary>
    /// <exception cref="ArgumentException">The options are unusable, or the city has fewer user units with elevators than apps.</exception>
    public static DemoCity Generate(DemoCityOptions options)
    {
        if (options.Problem is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        return Generate(CityGenerator.GenerateWithAreas(options.City), options.Apps);
    }

    /// <summary>Derives the devices of a generated city; its outlines are written with it.</summary>
    /// <exception cref="ArgumentException">The city has fewer user units with elevators than <paramref name="apps"/>.</exception>
    public static DemoCity Generate(GeneratedCity city, int apps) => Generate(city.Topology, apps, city.Areas);

    /// <summary>Derives the devices of a city that passed <see cref="CityTopologyFile.Validate"/>; <paramref name="areas"/> are its outlines when they are to be written with it.</summary>
    /// <exception cref="ArgumentException">The city has fewer user units with elevators than <paramref name="apps"/>.</exception>
    public static DemoCity Generate(CityTopology topology, int apps, IReadOnlyList<AreaShape>? areas = null)
    {
        var elevatorsByUnit = topology.Elevators.GroupBy(e => e.UserUnitId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Id).ToArray(), StringComparer.Ordinal);
        string[] units = [.. topology.Units.Select(u => u.Id).Where(elevatorsByUnit.ContainsKey)];
        if (apps < 0 || apps > units.Length)
        {
            // No parameter name: the message goes to the console as it is, and names the apps itself.
            throw new ArgumentException($"{apps} apps cannot share the {units.Length} user units that have elevators: every app serves at least one whole unit");
        }

        var registrations = new List<DeviceRegistration>();
        var credentials = new List<DemoCredential>();
        void Add(string id, DeviceKind kind, IReadOnlyList<string>? elevators = null, IReadOnlyList<string>? servedUnits = null)
        {
            var secret = DeviceSecrets.NewSecret();
            registrations.Add(DeviceSecrets.Register(id, kind, secret, elevators, servedUnits));
            credentials.Add(new DemoCredential(id, kind, secret));
        }

        foreach (var elevator in topology.Elevators)
        {
            Add(elevator.Id, elevator.Kind);
        }

        foreach (var berth in topology.Lots.SelectMany(l => l.BerthSensorIds))
        {
            Add(berth, DeviceKind.Berth);
        }

        foreach (var lot in topology.Lots)
        {
            Add(lot.Id, DeviceKind.Lot);
        }

        for (var app = 0; app < apps; app++)
        {
            var served = units[Share(app, apps, units.Length)..Share(app + 1, apps, units.Length)];
            Add(AppId(app + 1, apps), DeviceKind.App, [.. served.SelectMany(u => elevatorsByUnit[u]).Order(StringComparer.Ordinal)], served);
        }

        var note = $"Demo city {topology.Name}: {topology.Elevators.Count} elevators, {topology.Lots.Sum(l => l.BerthSensorIds.Count)} berth sensors, " +
                   $"{topology.Lots.Count} lot gate counters, {apps} apps serving {units.Length} user units (city.json beside this file). " +
                   "Plain-text secrets for demos only, e.g. mosquitto_pub -V mqttv5 -q 1 -i ID -u ID -P SECRET -t cc/v1/elevators/ID/status -m PAYLOAD " +
                   "(escalators ESC-…: cc/v1/escalators/ID/status). " +
                   "Never use these devices or secrets for a real city.";
        return new DemoCity(topology, areas, apps, new DeviceRegistryFile(DeviceRegistryFile.CurrentVersion, registrations), new DemoCredentialsFile(note, credentials));
    }

    /// <summary>
    /// Writes <c>city.json</c> (with <c>city-areas.geojson</c>, the outlines of its areas), <c>devices.json</c> and
    /// <c>demo-credentials.json</c> into <paramref name="folder"/> (created if missing). Unless <paramref name="force"/>,
    /// existing files are kept: <c>city.json</c> on its own (with its outlines), the other two together (the hashes in one belong to the secrets
    /// in the other). Devices written beside a kept <c>city.json</c> are derived from that file rather
    /// than from this city, so they always match the city the command center loads.
    /// </summary>
    /// <exception cref="InvalidDataException">A file that is kept cannot be read.</exception>
    /// <exception cref="ArgumentException">A kept <c>city.json</c> has fewer user units with elevators than <see cref="Apps"/>.</exception>
    public DemoCityFiles WriteTo(string folder, bool force)
    {
        var cityPath = Path.Combine(folder, CityFileName);
        var registryPath = Path.Combine(folder, RegistryFileName);
        var credentialsPath = Path.Combine(folder, CredentialsFileName);
        var keepCity = !force && File.Exists(cityPath);
        var keepDevices = !force && (File.Exists(registryPath) || File.Exists(credentialsPath));
        var topology = keepCity ? ReadCity(cityPath) : Topology;
        var devices = keepDevices ? null : keepCity ? Generate(topology, Apps) : this;

        Directory.CreateDirectory(folder);
        // Credentials first and the registry last: a command center watching the folder must never
        // admit devices whose secrets nobody can look up or whose city is not there yet.
        if (devices is not null)
        {
            WriteAtomically(credentialsPath, devices.Credentials, Indented.DemoCredentialsFile);
        }

        if (!keepCity)
        {
            // The outlines before the city: a command center that sees the new city.json finds its areas beside it.
            if (Areas is not null)
            {
                CityAreasFile.Save(CityAreasFile.Beside(cityPath), Areas);
            }

            CityTopologyFile.Save(cityPath, topology);
        }

        if (devices is not null)
        {
            WriteAtomically(registryPath, devices.Registry, Indented.DeviceRegistryFile);
        }

        var disagreements = new List<string>();
        if (!File.Exists(credentialsPath))
        {
            disagreements.Add($"{RegistryFileName} has no {CredentialsFileName} beside it, so no simulator knows its secrets");
        }

        var registry = devices?.Registry ?? (File.Exists(registryPath) ? ReadRegistry(registryPath) : null);
        if (registry is not null)
        {
            disagreements.AddRange(Disagreements(new CityMap(topology), registry));
        }
        else
        {
            disagreements.Add($"{CredentialsFileName} has no {RegistryFileName} beside it, so the command center admits none of its devices");
        }

        return new DemoCityFiles(topology, CityWritten: !keepCity, devices, disagreements);
    }

    /// <summary>
    /// Where a device registry and a city disagree: city devices without a registration (or of another
    /// kind), registered elevators, berths and lots the city does not have, and, when there are apps,
    /// elevators served by no app or by several, and apps whose units are not exactly those of their elevators.
    /// Empty for a registry derived from the city.
    /// </summary>
    public static IReadOnlyList<string> Disagreements(CityMap city, DeviceRegistryFile registry)
    {
        var problems = new List<string>();
        var registered = new Dictionary<string, DeviceRegistration>(StringComparer.Ordinal);
        foreach (var device in registry.Devices)
        {
            registered.TryAdd(device.Id, device);
        }

        void Expect(string id, DeviceKind kind)
        {
            if (!registered.TryGetValue(id, out var device))
            {
                problems.Add($"{Name(kind)} {id} of {CityFileName} is not in {RegistryFileName}");
            }
            else if (device.Kind != kind)
            {
                problems.Add($"{Name(kind)} {id} of {CityFileName} is registered as {Name(device.Kind)}");
            }
        }

        var topology = city.Topology;
        foreach (var elevator in topology.Elevators)
        {
            Expect(elevator.Id, elevator.Kind);
        }

        foreach (var lot in topology.Lots)
        {
            Expect(lot.Id, DeviceKind.Lot);
            foreach (var berth in lot.BerthSensorIds)
            {
                Expect(berth, DeviceKind.Berth);
            }
        }

        foreach (var device in registry.Devices)
        {
            var known = device.Kind switch
            {
                DeviceKind.Elevator or DeviceKind.Escalator => city.Elevator(device.Id) is not null,
                DeviceKind.Berth => city.LotOfBerth(device.Id) is not null,
                DeviceKind.Lot => city.Lot(device.Id) is not null,
                _ => true,
            };
            if (!known)
            {
                problems.Add($"{RegistryFileName} has {Name(device.Kind)} {device.Id}, which {CityFileName} does not have");
            }
        }

        var apps = registry.Devices.Where(d => d.Kind == DeviceKind.App).ToList();
        if (apps.Count == 0)
        {
            return problems;
        }

        var servedBy = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var app in apps)
        {
            var elevators = app.Elevators ?? [];
            foreach (var elevator in elevators)
            {
                if (city.Elevator(elevator) is null)
                {
                    problems.Add($"app {app.Id} serves elevator {elevator}, which {CityFileName} does not have");
                }

                if (!servedBy.TryGetValue(elevator, out var servers))
                {
                    servedBy[elevator] = servers = [];
                }

                servers.Add(app.Id);
            }

            var expected = city.UnitsOf(elevators).Select(u => u.Id).ToList();
            var actual = app.Units ?? [];
            if (!actual.ToHashSet(StringComparer.Ordinal).SetEquals(expected))
            {
                problems.Add($"app {app.Id} is assigned units {Show(actual)}, but its elevators belong to units {Show(expected)}");
            }
        }

        foreach (var elevator in topology.Elevators)
        {
            var count = servedBy.GetValueOrDefault(elevator.Id)?.Count ?? 0;
            if (count != 1)
            {
                problems.Add(count == 0
                    ? $"elevator {elevator.Id} is served by no app"
                    : $"elevator {elevator.Id} is served by {count} apps ({Show(servedBy[elevator.Id])})");
            }
        }

        return problems;
    }

    /// <summary>One line saying what a city holds, for the console.</summary>
    public static string Describe(CityTopology city)
    {
        var streets = city.Districts.SelectMany(d => d.Streets).ToList();
        var communities = streets.SelectMany(s => s.Communities).ToList();
        return $"{city.Name}: {city.Districts.Count} districts, {streets.Count} streets/towns, {communities.Count} communities/villages, " +
               $"{communities.Sum(c => c.Grids.Count)} grids; {city.Elevators.Count} elevators ({city.Elevators.Count(e => e.Escalator)} escalators) " +
               $"in {city.Units.Count} user units, {city.Firms.Count} maintenance firms; {city.Lots.Count} lots with " +
               $"{city.Lots.Sum(l => l.BerthSensorIds.Count)} berth sensors ({city.Lots.Sum(l => l.NightFreeBerthSensorIds.Count)} night-free); " +
               $"{city.PropertyFirms.Count} property firms managing {city.PropertyFirms.Sum(f => f.Compounds.Count)} compounds";
    }

    /// <summary>Reads a credentials file, saying what to do when it is missing or broken.</summary>
    public static DemoCredentialsFile ReadCredentials(string path) => Read(path, ProtocolJson.Default.DemoCredentialsFile, "credentials");

    /// <summary>Reads a device registry file, saying what to do when it is missing or broken.</summary>
    public static DeviceRegistryFile ReadRegistry(string path) => Read(path, ProtocolJson.Default.DeviceRegistryFile, "device registry");

    /// <summary>Reads and checks a city file (<see cref="CityTopologyFile.Load"/>), saying what to do when it is missing.</summary>
    public static CityTopology ReadCity(string path)
    {
        try
        {
            return CityTopologyFile.Load(path);
        }
        catch (FileNotFoundException)
        {
            throw Missing(path, "city");
        }
    }

    /// <summary>Where app <paramref name="app"/>'s share of <paramref name="total"/> units starts; the shares differ by at most one.</summary>
    private static int Share(int app, int apps, int total) => (int)((long)app * total / apps);

    private static string Name(DeviceKind kind) => kind switch
    {
        DeviceKind.Berth => "berth sensor",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static string Show(IReadOnlyCollection<string> ids) =>
        ids.Count == 0 ? "(none)" : string.Join(", ", ids.Take(MaxIdsShown)) + (ids.Count > MaxIdsShown ? $" and {ids.Count - MaxIdsShown} more" : "");

    private static void WriteAtomically<T>(string path, T value, JsonTypeInfo<T> contract)
    {
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(value, contract));
        File.Move(temporary, path, overwrite: true);
    }

    private static InvalidDataException Missing(string path, string what) =>
        new($"no {what} file at {Path.GetFullPath(path)}; create a demo city with 'CommandCenter.Simulators city --out {Path.GetDirectoryName(Path.GetFullPath(path))}'");

    private static T Read<T>(string path, JsonTypeInfo<T> contract, string what)
    {
        if (!File.Exists(path))
        {
            throw Missing(path, what);
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), contract)
                   ?? throw new InvalidDataException($"{path}: the {what} file is empty (null)");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not a valid {what} file: {ex.Message}", ex);
        }
    }
}

/// <summary>What <see cref="DemoCity.WriteTo"/> did.</summary>
/// <param name="City">The city now in the folder: the one written, or the kept <c>city.json</c>.</param>
/// <param name="CityWritten">False when an existing <c>city.json</c> was kept.</param>
/// <param name="DevicesWritten">The devices written (derived from <paramref name="City"/>); null when the existing ones were kept.</param>
/// <param name="Disagreements">Where the files now in the folder disagree (see <see cref="DemoCity.Disagreements"/>); empty when they match.</param>
public sealed record DemoCityFiles(CityTopology City, bool CityWritten, DemoCity? DevicesWritten, IReadOnlyList<string> Disagreements);
