using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Protocol;
using CommandCenter.TelemetryIngest.Devices;

namespace CommandCenter.Elevators;

/// <summary>Reads live elevator state and duty standing from the grains, for the API, the hub's snapshots, the wall and the ledger.</summary>
public sealed class ElevatorQueries(IGrainFactory grains, CityDirectory city, DeviceRegistry devices)
{
    public async Task<IReadOnlyList<ElevatorSnapshot>> GetAllAsync(CancellationToken cancellationToken)
    {
        var ids = await grains.GetGrain<IElevatorDirectoryGrain>(GrainKeys.ElevatorDirectory).GetIdsAsync()
            .WaitAsync(cancellationToken);
        var snapshots = await Task.WhenAll(ids.Select(id => grains.GetGrain<IElevatorGrain>(id).GetSnapshotAsync()));
        return [.. snapshots.OfType<ElevatorSnapshot>()];
    }

    public Task<ElevatorSnapshot?> GetAsync(string id) => grains.GetGrain<IElevatorGrain>(id).GetSnapshotAsync();

    /// <summary>
    /// In the city file, a registered elevator device, or one a city import retired (its history stays readable). Reads of
    /// duties and ledgers never create state, so an unknown id (a typo) answers 404 instead of a clean record.
    /// </summary>
    public bool IsKnown(string id) =>
        city.FindElevator(id) is not null
        || (devices.TryGet(id, out var device) && device.Kind is DeviceKind.Elevator or DeviceKind.Escalator)
        || devices.FindRetired(id)?.Kind is DeviceKind.Elevator or DeviceKind.Escalator;

    /// <summary>The elevator's duty standing; one the grid does not track yet reads as tracked from now.</summary>
    public Task<ElevatorDuties> GetDutiesAsync(string id) => GridDuties.OfElevator(grains, city, id).GetElevatorAsync(id);
}
