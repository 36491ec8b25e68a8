namespace CommandCenter.Grains.Abstractions;

/// <summary>
/// A grain with time limits (an alarm's arrival SLA, a work order's disposal limit). It keeps its
/// own deadlines in its state and registers the next one with <see cref="Deadlines"/>; when it falls
/// due the sweeper calls <see cref="OnDeadlineAsync"/>, and the grain acts on whatever is due by
/// its <c>TimeProvider</c>, then schedules its next deadline or cancels.
/// </summary>
public interface IDeadlineTarget : IGrain
{
    Task OnDeadlineAsync();
}

/// <summary>
/// One shard of the durable index of pending deadlines. The index survives restarts, so a deadline
/// that passed while the process was down is acted on by the first sweep after start-up.
/// </summary>
public interface IDeadlineIndexGrain : IGrainWithIntegerKey
{
    Task ScheduleAsync(GrainId target, DateTimeOffset dueAt);

    Task CancelAsync(GrainId target);

    /// <summary>Targets due at or before <paramref name="now"/>, earliest first (they stay until rescheduled or cancelled).</summary>
    Task<IReadOnlyList<GrainId>> GetDueAsync(DateTimeOffset now, int max);

    Task<int> CountAsync();
}

/// <summary>Entry points for grains to schedule and cancel their deadlines in the sharded index.</summary>
public static class Deadlines
{
    public const int Shards = 16;

    public static Task ScheduleAsync(IGrainFactory grains, GrainId target, DateTimeOffset dueAt) =>
        ShardOf(grains, target).ScheduleAsync(target, dueAt);

    public static Task CancelAsync(IGrainFactory grains, GrainId target) =>
        ShardOf(grains, target).CancelAsync(target);

    public static IDeadlineIndexGrain Shard(IGrainFactory grains, int shard) => grains.GetGrain<IDeadlineIndexGrain>(shard);

    private static IDeadlineIndexGrain ShardOf(IGrainFactory grains, GrainId target) =>
        Shard(grains, (int)(target.GetUniformHashCode() % Shards));
}
