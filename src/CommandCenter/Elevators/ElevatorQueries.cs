using CommandCenter.Grains.Abstractions;

namespace CommandCenter.Elevators;

/// <summary>Reads live elevator state from the grains, for the API, the hub's snapshots and the wall.</summary>
public sealed class ElevatorQueries(IGrainFactory grains)
{
    public async Task<IReadOnlyList<ElevatorSnapshot>> GetAllAsync(CancellationToken cancellationToken)
    {
        var ids = await grains.GetGrain<IElevatorDirectoryGrain>(GrainKeys.ElevatorDirectory).GetIdsAsync()
            .WaitAsync(cancellationToken);
        var snapshots = await Task.WhenAll(ids.Select(id => grains.GetGrain<IElevatorGrain>(id).GetSnapshotAsync()));
        return [.. snapshots.OfType<ElevatorSnapshot>()];
    }

    public Task<ElevatorSnapshot?> GetAsync(string id) => grains.GetGrain<IElevatorGrain>(id).GetSnapshotAsync();
}
