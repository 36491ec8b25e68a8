using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.Scheduling;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using Shouldly;

namespace CommandCenter.Tests.Grains;

/// <summary>The deadline index under load and with targets that keep failing.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DeadlineIndexTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset FarFuture = new(2099, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private IGrainFactory Grains => fixture.Client;

    /// <summary>Ids of a grain type no silo has, so every call to them fails; all in the same shard as <paramref name="neighbour"/>.</summary>
    private static List<GrainId> BrokenTargetsBeside(GrainId neighbour, int count)
    {
        var shard = neighbour.GetUniformHashCode() % Deadlines.Shards;
        var run = Guid.NewGuid().ToString("N");
        return [.. Enumerable.Range(0, int.MaxValue)
            .Select(i => GrainId.Create("no-such-grain", $"{run}-{i}"))
            .Where(id => id.GetUniformHashCode() % Deadlines.Shards == shard)
            .Take(count)];
    }

    private async Task CancelAllAsync(IEnumerable<GrainId> targets) =>
        await Task.WhenAll(targets.Select(target => Deadlines.CancelAsync(Grains, target)));

    private async Task<DateTimeOffset?> DueAtAsync(GrainId target) =>
        (await Deadlines.ShardOf(Grains, target).GetDueAsync(DateTimeOffset.MaxValue, int.MaxValue))
            .SingleOrDefault(entry => entry.Target == target)?.DueAt;

    [Fact]
    public async Task ScheduleAsync_BurstWhileTheShardIsWriting_SharesWritesAndKeepsEveryEntry()
    {
        var targets = BrokenTargetsBeside(GrainId.Create("no-such-grain", "burst"), 50);
        var shard = Deadlines.ShardOf(Grains, targets[0]);
        var before = await shard.CountAsync();
        var writesBefore = fixture.Storage.WritesOf(shard.GetGrainId());
        var release = fixture.Storage.HoldWrites(shard.GetGrainId());
        try
        {
            var calls = targets.Select(target => Deadlines.ScheduleAsync(Grains, target, FarFuture)).ToList();
            await Eventually.TrueAsync(async () => await shard.CountAsync() == before + targets.Count, TimeSpan.FromSeconds(10), "every schedule to reach the shard");
            calls.ShouldAllBe(call => !call.IsCompleted, "no schedule is answered before it is stored");
            release();
            await Task.WhenAll(calls);

            (fixture.Storage.WritesOf(shard.GetGrainId()) - writesBefore).ShouldBeLessThanOrEqualTo(3, "the write in flight, then one for all that queued behind it");
            await Activations.DeactivateAsync(shard);
            (await shard.CountAsync()).ShouldBe(before + targets.Count);
        }
        finally
        {
            release();
            await CancelAllAsync(targets);
        }
    }

    [Fact]
    public async Task ScheduleAsync_RetriedAfterTheShardFailedToStoreIt_IsKept()
    {
        var target = BrokenTargetsBeside(GrainId.Create("no-such-grain", "failed-write"), 1)[0];
        var shard = Deadlines.ShardOf(Grains, target);
        await shard.CountAsync();
        fixture.Storage.FailNextWrite(shard.GetGrainId());
        try
        {
            await Should.ThrowAsync<Exception>(() => Deadlines.ScheduleAsync(Grains, target, FarFuture));

            await Deadlines.ScheduleAsync(Grains, target, FarFuture);

            await Activations.DeactivateAsync(shard);
            (await DueAtAsync(target)).ShouldBe(FarFuture);
        }
        finally
        {
            await CancelAllAsync([target]);
        }
    }

    [Fact]
    public async Task SweepOnceAsync_TargetKeepsFailing_IsRetriedLaterEachTime()
    {
        var target = BrokenTargetsBeside(GrainId.Create("no-such-grain", "retry"), 1)[0];
        await Deadlines.ScheduleAsync(Grains, target, fixture.Time.GetUtcNow());
        try
        {
            await fixture.Sweeper.SweepOnceAsync();
            var firstRetry = (await DueAtAsync(target)).ShouldNotBeNull() - fixture.Time.GetUtcNow();
            fixture.Time.Advance(firstRetry);
            await fixture.Sweeper.SweepOnceAsync();
            var secondRetry = (await DueAtAsync(target)).ShouldNotBeNull() - fixture.Time.GetUtcNow();

            firstRetry.ShouldBe(DeadlineIndexGrain.FirstRetryDelay);
            secondRetry.ShouldBe(firstRetry * 2);
        }
        finally
        {
            await CancelAllAsync([target]);
        }
    }

    [Fact]
    public async Task SweepOnceAsync_MoreFailingTargetsThanASweepTakes_AFreshDeadlineStillFires()
    {
        var elevator = $"EL-S{Guid.NewGuid():N}"[..12];
        fixture.City.Place(elevator, ClusterFixture.DemoGrid, ClusterFixture.DemoDistrict, urban: true, "FIRM-A");
        var broken = new List<GrainId>();
        try
        {
            await Grains.GetGrain<IElevatorGrain>(elevator).ApplyEventAsync(
                new ElevatorEventReport(1, elevator, 1, fixture.Time.GetUtcNow(), FaultCodes.TrappedPassenger, EventState.Raised, 3));
            var alarm = Grains.GetGrain<IAlarmGrain>((await Grains.GetGrain<IAlarmIndexGrain>(GrainKeys.AlarmIndex).ListAsync(openOnly: true)).Single(a => a.ElevatorId == elevator).Id);
            broken = BrokenTargetsBeside(alarm.GetGrainId(), DeadlineSweeper.MaxPerShard);
            await Task.WhenAll(broken.Select(target => Deadlines.ScheduleAsync(Grains, target, fixture.Time.GetUtcNow())));
            fixture.Time.Advance(TimeSpan.FromMinutes(31));

            await fixture.Sweeper.SweepOnceAsync();
            await fixture.Sweeper.SweepOnceAsync();

            (await alarm.GetAsync())!.Dispatches.Count.ShouldBe(2, "the missed arrival limit is acted on behind the failing deadlines");
        }
        finally
        {
            await CancelAllAsync(broken);
        }
    }
}
