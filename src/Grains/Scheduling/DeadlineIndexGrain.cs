using CommandCenter.Grains.Abstractions;
using CommandCenter.Plumbing;
using Orleans.Concurrency;

namespace CommandCenter.Grains.Scheduling;

[GenerateSerializer]
public sealed class DeadlineIndexState
{
    [Id(0)]
    public Dictionary<GrainId, DateTimeOffset> DueAt { get; set; } = [];

    /// <summary>How many times in a row each target failed when called; absent once it succeeds or reschedules.</summary>
    [Id(1)]
    public Dictionary<GrainId, int> Failures { get; set; } = [];
}

/// <summary>
/// One shard of the deadline index. It is reentrant and writes by <see cref="GroupCommit"/>: a burst
/// of schedules (a wave of alarms, a day's tickets) costs a few writes of the shard, not one each,
/// and every call still answers only once its change is stored.
/// </summary>
[Reentrant]
public sealed class DeadlineIndexGrain(
    [PersistentState("deadlines", StorageNames.Grains)] IPersistentState<DeadlineIndexState> state) : Grain, IDeadlineIndexGrain
{
    /// <summary>A failing target is first retried after this long, then twice as long each time, up to <see cref="MaxRetryDelay"/>.</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>Long enough that a broken target costs little; short enough that it acts soon after it is repaired.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(30);

    private Dictionary<GrainId, DateTimeOffset> _dueAt = [];
    private Dictionary<GrainId, int> _failures = [];
    private GroupCommit _commit = default!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _dueAt = state.State.DueAt;
        _failures = state.State.Failures;
        _commit = new GroupCommit(WriteSnapshotAsync);
        return Task.CompletedTask;
    }

    public Task ScheduleAsync(GrainId target, DateTimeOffset dueAt)
    {
        if (_dueAt.TryGetValue(target, out var existing) && existing == dueAt)
        {
            return _commit.StoredAsync();
        }

        _dueAt[target] = dueAt;
        _failures.Remove(target);
        return _commit.SaveAsync();
    }

    public Task CancelAsync(GrainId target)
    {
        _failures.Remove(target);
        return _dueAt.Remove(target) ? _commit.SaveAsync() : _commit.StoredAsync();
    }

    public Task<IReadOnlyList<DueDeadline>> GetDueAsync(DateTimeOffset now, int max) =>
        Task.FromResult<IReadOnlyList<DueDeadline>>([.. _dueAt
            .Where(entry => entry.Value <= now)
            .OrderBy(entry => entry.Value)
            .Take(max)
            .Select(entry => new DueDeadline(entry.Key, entry.Value))]);

    public async Task<int> RetryLaterAsync(DueDeadline failed, DateTimeOffset now)
    {
        if (!_dueAt.TryGetValue(failed.Target, out var current) || current != failed.DueAt)
        {
            // The target rescheduled or cancelled itself before failing: its own choice stands.
            return 0;
        }

        var failures = _failures.GetValueOrDefault(failed.Target) + 1;
        _failures[failed.Target] = failures;
        _dueAt[failed.Target] = now + RetryDelay(failures);
        await _commit.SaveAsync();
        return failures;
    }

    public Task<int> CountAsync() => Task.FromResult(_dueAt.Count);

    private static TimeSpan RetryDelay(int failures) =>
        TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, FirstRetryDelay.Ticks << Math.Min(failures - 1, 16)));

    /// <summary>
    /// Writes a copy, so calls that interleave with a slow write change the live collections and
    /// never the object a storage provider may still be serializing.
    /// </summary>
    private Task WriteSnapshotAsync()
    {
        state.State = new DeadlineIndexState { DueAt = new(_dueAt), Failures = new(_failures) };
        return state.WriteOrStartOverAsync(this);
    }
}
