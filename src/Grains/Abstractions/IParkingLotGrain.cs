using CommandCenter.Protocol;

namespace CommandCenter.Grains.Abstractions;

/// <summary>
/// One parking lot, keyed by its lot id (which is also its gate counter's device id). Holds the last
/// state of each berth sensor and the gate counts, and reports its occupancy to its grid's rollup.
/// </summary>
public interface IParkingLotGrain : IGrainWithStringKey
{
    /// <summary>Applies a berth sensor's report; false when it is older than what the berth last said (history only).</summary>
    Task<bool> ApplyBerthAsync(BerthStateReport report);

    /// <summary>Applies the lot's gate counts; false when older than the counts already held.</summary>
    Task<bool> ApplyGateAsync(LotGateReport report);

    Task<ParkingLotSnapshot> GetSnapshotAsync();

    /// <summary>
    /// An imported city changed or retired this lot: it withdraws its occupancy from <paramref name="formerGridId"/>'s rollup
    /// and takes the city's lot as it is now (its grid, capacity and berths; none when retired).
    /// </summary>
    Task LeaveGridAsync(string formerGridId);
}

/// <summary>A lot's occupancy as of <see cref="AsOf"/>.</summary>
/// <param name="Id">Lot id.</param>
/// <param name="Name">Name from the city file; null for a lot the city does not know.</param>
/// <param name="GridId">Grid the lot is in; null for a lot the city does not know.</param>
/// <param name="Capacity">All berths, sensed or not.</param>
/// <param name="SensedBerths">Berths with a sensor.</param>
/// <param name="SensedOccupied">Sensed berths whose sensor last said occupied.</param>
/// <param name="GateVehicles">Entries minus exits from the gate counter; null until the gate has reported.</param>
/// <param name="Occupied">
/// Vehicles in the lot: from the gate counter when there is one (never below what the sensors see,
/// never above capacity), otherwise the occupied sensed berths.
/// </param>
/// <param name="Free">Capacity minus occupied.</param>
/// <param name="NightFreeBerths">Berths free of charge in the night window.</param>
/// <param name="NightFreeAvailable">Night-free berths whose sensor says free while the window is active; 0 outside it.</param>
/// <param name="NightWindowActive">Whether the night-time free window is active now, in the city's time zone.</param>
/// <param name="UnhealthySensors">Sensors with a low battery or silent too long, by id.</param>
/// <param name="AsOf">When this was computed.</param>
[GenerateSerializer, Immutable]
public sealed record ParkingLotSnapshot(
    [property: Id(0)] string Id,
    [property: Id(1)] string? Name,
    [property: Id(2)] string? GridId,
    [property: Id(3)] int Capacity,
    [property: Id(4)] int SensedBerths,
    [property: Id(5)] int SensedOccupied,
    [property: Id(6)] long? GateVehicles,
    [property: Id(7)] int Occupied,
    [property: Id(8)] int Free,
    [property: Id(9)] int NightFreeBerths,
    [property: Id(10)] int NightFreeAvailable,
    [property: Id(11)] bool NightWindowActive,
    [property: Id(12)] IReadOnlyList<UnhealthySensor> UnhealthySensors,
    [property: Id(13)] DateTimeOffset AsOf);

/// <summary>A berth sensor that needs a visit.</summary>
/// <param name="SensorId">Berth sensor id.</param>
/// <param name="LowBattery">Battery below the configured threshold.</param>
/// <param name="Silent">Not heard from for longer than the configured limit (or never, since the lot was first tracked).</param>
/// <param name="BatteryMv">Last reported battery voltage; null if it never reported.</param>
/// <param name="LastSeen">When it was last heard from; null if never.</param>
[GenerateSerializer, Immutable]
public sealed record UnhealthySensor(
    [property: Id(0)] string SensorId,
    [property: Id(1)] bool LowBattery,
    [property: Id(2)] bool Silent,
    [property: Id(3)] int? BatteryMv,
    [property: Id(4)] DateTimeOffset? LastSeen);
