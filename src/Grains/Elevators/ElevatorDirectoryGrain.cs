using CommandCenter.Grains.Abstractions;

namespace CommandCenter.Grains.Elevators;

public sealed class ElevatorDirectoryGrain : Grain, IElevatorDirectoryGrain
{
    private readonly SortedSet<string> _ids = new(StringComparer.Ordinal);

    public Task AddAsync(string elevatorId)
    {
        _ids.Add(elevatorId);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> GetIdsAsync() => Task.FromResult<IReadOnlyList<string>>([.. _ids]);
}
