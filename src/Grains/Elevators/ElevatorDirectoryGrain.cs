using CommandCenter.Grains.Abstractions;
using CommandCenter.Plumbing;
using Orleans.Concurrency;

namespace CommandCenter.Grains.Elevators;

[GenerateSerializer]
public sealed class ElevatorDirectoryState
{
    [Id(0)]
    public List<string> Ids { get; set; } = [];
}

/// <summary>
/// The list behind <c>/api/elevators</c>. Durable, so a silo loss does not shorten it; reentrant with
/// <see cref="GroupCommit"/>, because after a restart every elevator announces itself at once.
/// </summary>
[Reentrant]
public sealed class ElevatorDirectoryGrain(
    [PersistentState("elevatorDirectory", StorageNames.Grains)] IPersistentState<ElevatorDirectoryState> state) : Grain, IElevatorDirectoryGrain
{
    private SortedSet<string> _ids = new(StringComparer.Ordinal);
    private GroupCommit _commit = default!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _ids = new SortedSet<string>(state.State.Ids, StringComparer.Ordinal);
        _commit = new GroupCommit(() =>
        {
            // A copy: announcements interleaving with a slow write must not change what is being serialized.
            state.State = new ElevatorDirectoryState { Ids = [.. _ids] };
            return state.WriteOrStartOverAsync(this);
        });
        return Task.CompletedTask;
    }

    public Task AddAsync(string elevatorId) => _ids.Add(elevatorId) ? _commit.SaveAsync() : _commit.StoredAsync();

    public Task RemoveAsync(string elevatorId) => _ids.Remove(elevatorId) ? _commit.SaveAsync() : _commit.StoredAsync();

    public Task<IReadOnlyList<string>> GetIdsAsync() => Task.FromResult<IReadOnlyList<string>>([.. _ids]);
}
