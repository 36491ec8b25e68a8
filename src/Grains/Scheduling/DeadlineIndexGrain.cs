using CommandCenter.Grains.Abstractions;

namespace CommandCenter.Grains.Scheduling;

[GenerateSerializer]
public sealed class DeadlineIndexState
{
    [Id(0)]
    public Dictionary<GrainId, DateTimeOffset> DueAt { get; set; } = [];
}

public sealed class DeadlineIndexGrain(
    [PersistentState("deadlines", StorageNames.Grains)] IPersistentState<DeadlineIndexState> state) : Grain, IDeadlineIndexGrain
{
    public async Task ScheduleAsync(GrainId target, DateTimeOffset dueAt)
    {
        if (state.State.DueAt.TryGetValue(target, out var existing) && existing == dueAt)
        {
            return;
        }

        state.State.DueAt[target] = dueAt;
        await state.WriteStateAsync();
    }

    public async Task CancelAsync(GrainId target)
    {
        if (state.State.DueAt.Remove(target))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<GrainId>> GetDueAsync(DateTimeOffset now, int max) =>
        Task.FromResult<IReadOnlyList<GrainId>>([.. state.State.DueAt
            .Where(entry => entry.Value <= now)
            .OrderBy(entry => entry.Value)
            .Take(max)
            .Select(entry => entry.Key)]);

    public Task<int> CountAsync() => Task.FromResult(state.State.DueAt.Count);
}
