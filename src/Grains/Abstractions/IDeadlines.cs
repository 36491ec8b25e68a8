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
    Task<IReadOnlyList<DueDeadline>> GetDueAsync(DateTimeOffset now, int max);

    /// <summary>
    /// The target failed when called for <paramref name="failed"/>: it is due again after a delay that
    /// grows with each failure in a row, so a broken target neither hammers nor crowds out the rest.
    /// Returns the failures in a row, or 0 when the target has rescheduled meanwhile (nothing changed).
    /// </summary>
    Task<int> RetryLaterAsync(DueDeadline failed, DateTimeOffset now);

    Task<int> CountAsync();
}

/// <summary>A deadline that has fallen due: the grain to call and the instant it was registered for.</summary>
[GenerateSerializer, Immutable]
public sealed record DueDeadline([property: Id(0)] GrainId Target, [property: Id(1)] DateTimeOffset DueAt);

/// <summary>Entry points for grains to schedule and cancel their deadlines in the sharded index.</summary>
public static class Deadlines
{
    public const int Shards = 16;

    public static Task ScheduleAsync(IGrainFactory grains, GrainId target, DateTimeOffset dueAt) =>
        ShardOf(grains, target).ScheduleAsync(target, dueAt);

    public static Task CancelAsync(IGrainFactory grains, GrainId target) =>
        ShardOf(grains, target).CancelAsync(target);

    public static IDeadlineIndexGrain Shard(IGrainFactory grains, int shard) => grains.GetGrain<IDeadlineIndexGrain>(shard);

    public static IDeadlineIndexGrain ShardOf(IGrainFactory grains, GrainId target) =>
        Shard(grains, (int)(target.GetUniformHashCode() % Shards));
}
