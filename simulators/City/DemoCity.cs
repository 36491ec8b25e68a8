using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CommandCenter.Protocol;

namespace CommandCenter.Simulators.City;

/// <summary>
/// A generated demo city: the device registry the command center authenticates against and the
/// matching plain-text credentials for simulators and people with mosquitto_pub. Everything except the
/// secrets (random 128-bit tokens, never derived from the seed, so a demo left on a network is not
/// open to whoever knows the default seed) is deterministic for a seed.
/// </summary>
/// <remarks>
/// Ids: elevators EL-0001.., berth sensors BS-00001.., lot gate counters LOT-001.., apps APP-001..
/// Each app serves an even, contiguous share of the elevators, grouped into user units UNIT-001.. of
/// about 12 elevators; a unit never spans two apps.
/// </remarks>
public sealed class DemoCity
{
    public const string RegistryFileName = "devices.json";
    public const string CredentialsFileName = "demo-credentials.json";

    private const int SmallestUnit = 9;
    private const int LargestUnit = 15;

    private static readonly ProtocolJson Indented = new(new JsonSerializerOptions(ProtocolJson.Default.Options) { WriteIndented = true });

    private DemoCity(DeviceRegistryFile registry, DemoCredentialsFile credentials)
    {
        Registry = registry;
        Credentials = credentials;
    }

    /// <summary>What the command center reads (<c>devices.json</c>): ids, kinds, salted secret hashes, app assignments.</summary>
    public DeviceRegistryFile Registry { get; }

    /// <summary>The same devices with their plain-text secrets (<c>demo-credentials.json</c>).</summary>
    public DemoCredentialsFile Credentials { get; }

    public static string ElevatorId(int number) => $"EL-{number:D4}";

    public static string BerthId(int number) => $"BS-{number:D5}";

    public static string LotId(int number) => $"LOT-{number:D3}";

    public static string AppId(int number) => $"APP-{number:D3}";

    public static string UnitId(int number) => $"UNIT-{number:D3}";

    public static DemoCity Generate(DemoCityOptions options)
    {
        if (options.Problem is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        var random = new Random(options.Seed);
        var registrations = new List<DeviceRegistration>();
        var credentials = new List<DemoCredential>();
        void Add(string id, DeviceKind kind, IReadOnlyList<string>? elevators = null, IReadOnlyList<string>? units = null)
        {
            var secret = DeviceSecrets.NewSecret();
            registrations.Add(DeviceSecrets.Register(id, kind, secret, elevators, units));
            credentials.Add(new DemoCredential(id, kind, secret));
        }

        var elevatorIds = Enumerable.Range(1, options.Elevators).Select(ElevatorId).ToArray();
        Array.ForEach(elevatorIds, id => Add(id, DeviceKind.Elevator));
        for (var i = 1; i <= options.Berths; i++)
        {
            Add(BerthId(i), DeviceKind.Berth);
        }

        for (var i = 1; i <= options.Lots; i++)
        {
            Add(LotId(i), DeviceKind.Lot);
        }

        var units = 0;
        for (var app = 0; app < options.Apps; app++)
        {
            var served = elevatorIds[(app * options.Elevators / options.Apps)..((app + 1) * options.Elevators / options.Apps)];
            var unitCount = UnitSizes(served.Length, random).Count();
            Add(AppId(app + 1), DeviceKind.App, served, [.. Enumerable.Range(units + 1, unitCount).Select(UnitId)]);
            units += unitCount;
        }

        var note = $"Demo city (seed {options.Seed}): {options.Elevators} elevators, {options.Berths} berth sensors, " +
                   $"{options.Lots} lot gate counters, {options.Apps} apps, {units} user units. Plain-text secrets for demos only, " +
                   "e.g. mosquitto_pub -V mqttv5 -q 1 -i ID -u ID -P SECRET -t cc/v1/elevators/ID/status -m PAYLOAD. " +
                   "Never use these devices or secrets for a real city.";
        return new DemoCity(new DeviceRegistryFile(DeviceRegistryFile.CurrentVersion, registrations), new DemoCredentialsFile(note, credentials));
    }

    /// <summary>
    /// Writes <c>devices.json</c> and <c>demo-credentials.json</c> into <paramref name="folder"/> (created
    /// if missing). Existing files are kept unless <paramref name="force"/>: the two belong together, so if
    /// either exists neither is written. Returns whether the files were written.
    /// </summary>
    public bool WriteTo(string folder, bool force)
    {
        var registryPath = Path.Combine(folder, RegistryFileName);
        var credentialsPath = Path.Combine(folder, CredentialsFileName);
        if (!force && (File.Exists(registryPath) || File.Exists(credentialsPath)))
        {
            return false;
        }

        Directory.CreateDirectory(folder);
        // Credentials first: a command center watching the folder must never see a registry whose
        // secrets nobody can look up.
        WriteAtomically(credentialsPath, Credentials, Indented.DemoCredentialsFile);
        WriteAtomically(registryPath, Registry, Indented.DeviceRegistryFile);
        return true;
    }

    /// <summary>Reads a credentials file, saying what to do when it is missing or broken.</summary>
    public static DemoCredentialsFile ReadCredentials(string path) => Read(path, ProtocolJson.Default.DemoCredentialsFile, "credentials");

    /// <summary>Reads a device registry file, saying what to do when it is missing or broken.</summary>
    public static DeviceRegistryFile ReadRegistry(string path) => Read(path, ProtocolJson.Default.DeviceRegistryFile, "device registry");

    /// <summary>Splits an app's elevators into units of about 12; a small remainder joins the last unit.</summary>
    private static IEnumerable<int> UnitSizes(int elevators, Random random)
    {
        var left = elevators;
        while (left > 0)
        {
            var size = random.Next(SmallestUnit, LargestUnit + 1);
            size = left - size < SmallestUnit / 2 ? left : size;
            left -= size;
            yield return size;
        }
    }

    private static void WriteAtomically<T>(string path, T value, JsonTypeInfo<T> contract)
    {
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(value, contract));
        File.Move(temporary, path, overwrite: true);
    }

    private static T Read<T>(string path, JsonTypeInfo<T> contract, string what)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException(
                $"no {what} file at {Path.GetFullPath(path)}; create a demo city with 'CommandCenter.Simulators city --out {Path.GetDirectoryName(Path.GetFullPath(path))}'");
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
