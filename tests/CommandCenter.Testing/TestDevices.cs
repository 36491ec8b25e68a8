using System.Text.Json;
using CommandCenter.Protocol;

namespace CommandCenter.Testing;

/// <summary>
/// The registered devices of the test city, with predictable secrets. Each test takes fresh
/// elevator ids from a pool so tests sharing one host never see each other's state.
/// </summary>
public static class TestDevices
{
    public const int ElevatorPool = 2000;
    public const int EscalatorPool = 200;
    public const string FirstApp = "APP-T01";
    public const string SecondApp = "APP-T02";

    /// <summary>The safety app of a city's registry (<see cref="Registry(CityTopology)"/>): it files for every elevator and unit of the city.</summary>
    public const string CityApp = "APP-T03";
    public const string Berth = "BS-T001";
    public const string Lot = "LOT-T01";

    private static int _nextElevator;
    private static int _nextEscalator;

    /// <summary>Elevators EL-T0001..EL-T0010 are assigned to <see cref="FirstApp"/> (unit UNIT-T01), the next ten to <see cref="SecondApp"/>.</summary>
    public static string ElevatorId(int number) => $"EL-T{number:D4}";

    /// <summary>An elevator no other test in this process uses (never one assigned to an app).</summary>
    public static string NextElevator() => ElevatorId(21 + Interlocked.Increment(ref _nextElevator) % (ElevatorPool - 21));

    /// <summary>Escalators ESC-T0001.., registered as <see cref="DeviceKind.Escalator"/>.</summary>
    public static string EscalatorId(int number) => $"ESC-T{number:D4}";

    /// <summary>An escalator no other test in this process uses.</summary>
    public static string NextEscalator() => EscalatorId(1 + Interlocked.Increment(ref _nextEscalator) % EscalatorPool);

    public static string SecretFor(string deviceId) => $"secret-{deviceId}";

    public static DeviceRegistryFile Registry()
    {
        var devices = Enumerable.Range(1, ElevatorPool)
            .Select(n => Register(ElevatorId(n), DeviceKind.Elevator))
            .Concat(Enumerable.Range(1, EscalatorPool).Select(n => Register(EscalatorId(n), DeviceKind.Escalator)))
            .Append(Register(Berth, DeviceKind.Berth))
            .Append(Register(Lot, DeviceKind.Lot))
            .Append(Register(FirstApp, DeviceKind.App, [.. Enumerable.Range(1, 10).Select(ElevatorId)], ["UNIT-T01"]))
            .Append(Register(SecondApp, DeviceKind.App, [.. Enumerable.Range(11, 10).Select(ElevatorId)], ["UNIT-T02"]));
        return new DeviceRegistryFile(DeviceRegistryFile.CurrentVersion, [.. devices]);
    }

    /// <summary>
    /// The test registry plus every elevator (lift or escalator) of <paramref name="city"/>, each with its <see cref="SecretFor"/> secret,
    /// and <see cref="CityApp"/> filing for all of them.
    /// </summary>
    public static DeviceRegistryFile Registry(CityTopology city) => new(
        DeviceRegistryFile.CurrentVersion,
        [
            .. Registry().Devices,
            .. city.Elevators.Select(e => Register(e.Id, e.Kind)),
            Register(CityApp, DeviceKind.App, [.. city.Elevators.Select(e => e.Id)], [.. city.Units.Select(u => u.Id)]),
        ]);

    /// <summary>The plain-text credentials of a registry's devices (each with its <see cref="SecretFor"/> secret), as a broker's password file needs them.</summary>
    public static IReadOnlyList<DemoCredential> Credentials(DeviceRegistryFile registry) =>
        [.. registry.Devices.Select(device => new DemoCredential(device.Id, device.Kind, SecretFor(device.Id)))];

    /// <summary>Writes devices.json into a data folder unless one is there already.</summary>
    public static void WriteRegistryTo(string dataFolder) => WriteRegistryTo(dataFolder, Registry());

    /// <summary>Writes devices.json with <see cref="Registry(CityTopology)"/> into a data folder unless one is there already.</summary>
    public static void WriteRegistryTo(string dataFolder, CityTopology city) => WriteRegistryTo(dataFolder, Registry(city));

    private static void WriteRegistryTo(string dataFolder, DeviceRegistryFile registry)
    {
        var path = Path.Combine(dataFolder, "devices.json");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(dataFolder);
            File.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(registry, ProtocolJson.Default.DeviceRegistryFile));
        }
    }

    /// <summary>Rewrites a data folder's devices.json in one step (a running host re-reads it within seconds).</summary>
    public static void UpdateRegistry(string dataFolder, Func<IReadOnlyList<DeviceRegistration>, IEnumerable<DeviceRegistration>> change)
    {
        var path = Path.Combine(dataFolder, "devices.json");
        var current = JsonSerializer.Deserialize(File.ReadAllBytes(path), ProtocolJson.Default.DeviceRegistryFile)!;
        var updated = current with { Devices = [.. change(current.Devices)] };
        var temporary = path + ".new";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(updated, ProtocolJson.Default.DeviceRegistryFile));
        File.Move(temporary, path, overwrite: true);
    }

    private static DeviceRegistration Register(string id, DeviceKind kind, IReadOnlyList<string>? elevators = null, IReadOnlyList<string>? units = null) =>
        DeviceSecrets.Register(id, kind, SecretFor(id), elevators, units);
}
