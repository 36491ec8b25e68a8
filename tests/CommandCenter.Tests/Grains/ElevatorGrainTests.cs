using System.Threading.Channels;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.Elevators;
using CommandCenter.Testing;
using Shouldly;

namespace CommandCenter.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class ElevatorGrainTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    private static string NewId() => $"EL-T{Guid.NewGuid():N}"[..20];

    [Fact]
    public async Task ApplyStatusAsync_FirstReport_BecomesTheSnapshotAndIsListed()
    {
        var id = NewId();
        var elevator = fixture.Client.GetGrain<IElevatorGrain>(id);

        (await elevator.ApplyStatusAsync(StatusJson.Report(id, 1, 5, T0))).ShouldBeTrue();

        var snapshot = await elevator.GetSnapshotAsync();
        snapshot.ShouldNotBeNull();
        snapshot.Id.ShouldBe(id);
        snapshot.Status!.Floor.ShouldBe(5);
        (await fixture.Client.GetGrain<IElevatorDirectoryGrain>(GrainKeys.ElevatorDirectory).GetIdsAsync()).ShouldContain(id);
    }

    [Fact]
    public async Task Directory_ItsActivationLost_StillListsEveryElevatorThatReported()
    {
        var id = NewId();
        await fixture.Client.GetGrain<IElevatorGrain>(id).ApplyStatusAsync(StatusJson.Report(id, 1, 5, T0));
        var directory = fixture.Client.GetGrain<IElevatorDirectoryGrain>(GrainKeys.ElevatorDirectory);

        await Activations.DeactivateAsync(directory);

        (await directory.GetIdsAsync()).ShouldContain(id);
    }

    [Fact]
    public async Task Elevator_WakingAfterTheDirectoryLostIt_AnnouncesItselfAgain()
    {
        var id = NewId();
        var elevator = fixture.Client.GetGrain<IElevatorGrain>(id);
        await elevator.ApplyStatusAsync(StatusJson.Report(id, 1, 5, T0));
        var directory = fixture.Client.GetGrain<IElevatorDirectoryGrain>(GrainKeys.ElevatorDirectory);
        await Activations.DeactivateAsync(elevator);
        await fixture.ForgetStoredStateAsync<ElevatorDirectoryState>("elevatorDirectory", directory.GetGrainId());
        await Activations.DeactivateAsync(directory);
        (await directory.GetIdsAsync()).ShouldNotContain(id);

        await elevator.GetSnapshotAsync();

        (await directory.GetIdsAsync()).ShouldContain(id);
    }

    [Fact]
    public async Task AreaContribution_LostWithTheGrid_IsSentAgainWithoutAnyChange()
    {
        var id = NewId();
        fixture.City.Place(id, ClusterFixture.DemoGrid, ClusterFixture.DemoDistrict, urban: true, "FIRM-A");
        await fixture.Client.GetGrain<IElevatorGrain>(id).ApplyStatusAsync(StatusJson.Report(id, 1, 5, T0));
        var grid = fixture.Client.GetGrain<IAreaGrain>(AreaKeys.Grid(ClusterFixture.DemoGrid));
        (await grid.GetContributionsAsync()).ShouldContainKey(id);

        await Activations.DeactivateAsync(grid);

        await Eventually.TrueAsync(
            async () => (await grid.GetContributionsAsync()).TryGetValue(id, out var contribution) && contribution[AreaMetrics.Elevators] == 1,
            ClusterFixture.AreaRefresh * 10,
            "the elevator to report to the grid's new activation");
    }

    [Fact]
    public async Task ApplyStatusAsync_OlderReportAfterNewer_IsIgnored()
    {
        var id = NewId();
        var elevator = fixture.Client.GetGrain<IElevatorGrain>(id);
        await elevator.ApplyStatusAsync(StatusJson.Report(id, 2, 8, T0.AddSeconds(10)));

        (await elevator.ApplyStatusAsync(StatusJson.Report(id, 1, 3, T0))).ShouldBeFalse();

        (await elevator.GetSnapshotAsync())!.Status!.Floor.ShouldBe(8);
    }

    [Fact]
    public async Task GetSnapshotAsync_NeverReported_IsNull()
    {
        (await fixture.Client.GetGrain<IElevatorGrain>(NewId()).GetSnapshotAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task ApplyStatusAsync_WithRegisteredObserver_PushesTheNewestStateInABatch()
    {
        var observer = new RecordingObserver();
        var reference = fixture.Client.CreateObjectReference<ILiveObserver>(observer);
        var registry = fixture.Client.GetGrain<ILiveObserverRegistryGrain>(GrainKeys.LiveObserverRegistry);
        await registry.RegisterAsync(reference);
        try
        {
            var id = NewId();
            var elevator = fixture.Client.GetGrain<IElevatorGrain>(id);
            await elevator.ApplyStatusAsync(StatusJson.Report(id, 1, 4, T0));
            await elevator.ApplyStatusAsync(StatusJson.Report(id, 2, 6, T0.AddSeconds(1)));

            var pushed = await observer.WaitForAsync(s => s.Id == id && s.Status!.Floor == 6, TimeSpan.FromSeconds(30));
            pushed.Status!.Seq.ShouldBe(2);
        }
        finally
        {
            await registry.UnregisterAsync(reference);
        }
    }

    private sealed class RecordingObserver : ILiveObserver
    {
        private readonly Channel<ElevatorSnapshot> _received = Channel.CreateUnbounded<ElevatorSnapshot>();

        public Task OnElevatorsChangedAsync(IReadOnlyList<ElevatorSnapshot> changes)
        {
            foreach (var change in changes)
            {
                _received.Writer.TryWrite(change);
            }

            return Task.CompletedTask;
        }

        public Task OnAlarmChangedAsync(AlarmSnapshot alarm) => Task.CompletedTask;

        public async Task<ElevatorSnapshot> WaitForAsync(Func<ElevatorSnapshot, bool> match, TimeSpan deadline)
        {
            using var timeout = new CancellationTokenSource(deadline);
            var seen = new List<string>();
            try
            {
                await foreach (var snapshot in _received.Reader.ReadAllAsync(timeout.Token))
                {
                    if (match(snapshot))
                    {
                        return snapshot;
                    }

                    seen.Add($"{snapshot.Id} seq {snapshot.Status?.Seq}");
                }
            }
            catch (OperationCanceledException)
            {
                // Said below, with what did arrive.
            }

            throw new TimeoutException($"no matching push within {deadline.TotalSeconds:F0} s; pushed meanwhile: [{string.Join(", ", seen)}]");
        }
    }
}
