using System.Globalization;
using CommandCenter.Protocol;
using CommandCenter.Simulators.City;
using CommandCenter.Simulators.Elevators;
using CommandCenter.Simulators.Escalators;
using CommandCenter.Simulators.Mqtt;
using CommandCenter.Simulators.Parking;
using CommandCenter.Simulators.Records;

namespace CommandCenter.Simulators.Simulation;

/// <summary>Everything about a run's devices that is not in the registry: how they behave.</summary>
/// <param name="Seed">Seeds every device's randomness (with its id).</param>
/// <param name="Elevators">Status heartbeat and fault rate of the elevators.</param>
/// <param name="BerthHeartbeat">Heartbeat of berth sensors and lot gates.</param>
/// <param name="Duties">Diligence of the people behind the apps.</param>
/// <param name="Calendar">The compressed clock of the apps' duties.</param>
/// <param name="Zone">The city's time zone, for the day/night curve and the duty calendar.</param>
public sealed record CityBehaviour(
    int Seed,
    ElevatorDeviceSettings Elevators,
    TimeSpan BerthHeartbeat,
    DutySettings Duties,
    SimulatedCalendar Calendar,
    TimeZoneInfo Zone);

/// <summary>
/// Builds the model of each device in a credentials file from the city (<c>city.json</c>): which lot
/// a berth belongs to and whether it is night-free, a lot's capacity, the city's elevators, units and
/// people behind each app. What the city does not record (floors of a building, whether a lot serves
/// residents or offices) is derived from the number in the device id, so the same city looks the same
/// in every run.
/// </summary>
/// <exception cref="InvalidDataException">From <see cref="Create"/>: a device the city cannot place.</exception>
public sealed class CityModels(CityBehaviour behaviour, DeviceRegistryFile? registry, CityMap city)
{
    private readonly Dictionary<string, DeviceRegistration> _registrations =
        registry?.Devices.ToDictionary(d => d.Id, StringComparer.Ordinal) ?? [];

    public IDeviceModel Create(DemoCredential device, SequenceCounter sequences)
    {
        var random = StableHash.RandomFor(behaviour.Seed, device.Id);
        var number = NumberIn(device.Id);
        return device.Kind switch
        {
            DeviceKind.Elevator => new ElevatorDevice(
                new ElevatorModel(device.Id, lowestFloor: -1 - (number % 3), topFloor: 6 + (number * 7 % 27), random, sequences),
                behaviour.Elevators,
                random),
            // Escalators alternate up and down in pairs; one in three is a faster (0.65 m/s) model.
            DeviceKind.Escalator => new EscalatorDevice(
                device.Id, number % 2 == 1 ? EscalatorDirection.Up : EscalatorDirection.Down, number % 3 == 0 ? 0.65 : 0.5, behaviour.Elevators, random, sequences),
            DeviceKind.Berth => new BerthSensor(
                device.Id, UseOf(LotOf(device.Id)), city.IsNightFree(device.Id), behaviour.BerthHeartbeat, behaviour.Zone, random, sequences),
            DeviceKind.Lot => new LotGate(
                device.Id, UseOf(Lot(device.Id)), Lot(device.Id).Capacity, behaviour.BerthHeartbeat, behaviour.Zone, random, sequences),
            DeviceKind.App => CreateApp(device.Id, random, sequences),
            _ => throw new InvalidDataException($"{device.Id}: unknown device kind {device.Kind}"),
        };
    }

    /// <summary>Every third lot serves offices and shops, the rest residents.</summary>
    private static LotUse UseOf(ParkingLotInfo lot) => NumberIn(lot.Id) % 3 == 2 ? LotUse.Commercial : LotUse.Residential;

    /// <summary>The number after the last '-' of an id (EL-0012 → 12), or a stable hash for ids without one.</summary>
    private static int NumberIn(string id) =>
        int.TryParse(id.AsSpan(id.LastIndexOf('-') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : 1 + StableHash.Of(0, id) % 10_000;

    private ParkingLotInfo Lot(string id) => city.Lot(id) ?? throw NotInCity($"lot gate {id} is not a lot of {DemoCity.CityFileName}");

    private ParkingLotInfo LotOf(string berthId) => city.LotOfBerth(berthId) ?? throw NotInCity($"berth sensor {berthId} is in no lot of {DemoCity.CityFileName}");

    private SafetyApp CreateApp(string id, Random random, SequenceCounter sequences)
    {
        if (!_registrations.TryGetValue(id, out var registration) || registration.Kind != DeviceKind.App)
        {
            throw new InvalidDataException(
                $"app {id} is in the credentials file but not registered as an app in the device registry, so which elevators it serves is unknown");
        }

        var elevators = (registration.Elevators ?? []).Select(e => city.Elevator(e) ?? throw NotInCity($"app {id} serves elevator {e}, which {DemoCity.CityFileName} does not have")).ToList();
        // The units come from the city, not the registry, so monthly minutes are always for units of the app's elevators.
        return new SafetyApp(id, elevators, city.UnitsOf(registration.Elevators ?? []), behaviour.Calendar, behaviour.Zone, behaviour.Duties, random, sequences);
    }

    private static InvalidDataException NotInCity(string problem) =>
        new($"{problem}: the city and the devices do not belong together; regenerate both with 'CommandCenter.Simulators city --out DIR --force'");
}
