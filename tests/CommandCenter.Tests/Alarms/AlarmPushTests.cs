using System.Threading.Channels;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using CommandCenter.Tests.Grains;
using Shouldly;

namespace CommandCenter.Tests.Alarms;

/// <summary>
/// An alarm reaches the live observers (and through them the firm's console) as soon as the alarm itself is saved:
/// the follow-up writes of the city's alarm list and the elevator are held in storage here, and the push still
/// arrives, while the caller (ingest's PUBACK) keeps waiting for them.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class AlarmPushTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TrappedPassenger_WhileTheFollowUpWritesAreHeld_IsPushedAndTheCallerStillWaits()
    {
        var elevatorId = $"EL-P{Guid.NewGuid():N}"[..20];
        fixture.City.Place(elevatorId, ClusterFixture.DemoGrid, ClusterFixture.DemoDistrict, urban: true, "FIRM-A");
        var elevator = fixture.Client.GetGrain<IElevatorGrain>(elevatorId);
        await elevator.ApplyStatusAsync(StatusJson.Report(elevatorId, 1, 3, fixture.Time.GetUtcNow()));
        var observer = new AlarmRecorder();
        var reference = fixture.Client.CreateObjectReference<ILiveObserver>(observer);
        var registry = fixture.Client.GetGrain<ILiveObserverRegistryGrain>(GrainKeys.LiveObserverRegistry);
        await registry.RegisterAsync(reference);
        var releaseIndex = fixture.Storage.HoldWrites(fixture.Client.GetGrain<IAlarmIndexGrain>(GrainKeys.AlarmIndex).GetGrainId());
        var releaseElevator = fixture.Storage.HoldWrites(elevator.GetGrainId());
        Task applied = Task.CompletedTask;
        try
        {
            applied = elevator.ApplyEventAsync(
                new ElevatorEventReport(1, elevatorId, 2, fixture.Time.GetUtcNow(), FaultCodes.TrappedPassenger, EventState.Raised, 3));

            var pushed = await observer.WaitForAsync(alarm => alarm.ElevatorId == elevatorId, Patience);

            pushed.Code.ShouldBe(FaultCodes.TrappedPassenger);
            pushed.Status.ShouldBe(AlarmStatus.Occurred);
            pushed.FirmId.ShouldBe("FIRM-A");
            applied.IsCompleted.ShouldBeFalse("the event is applied only once the alarm list and the elevator have stored it");
        }
        finally
        {
            releaseIndex();
            releaseElevator();
            await applied;
            await registry.UnregisterAsync(reference);
        }

        (await fixture.Client.GetGrain<IAlarmIndexGrain>(GrainKeys.AlarmIndex).ListAsync(openOnly: true)).ShouldContain(a => a.ElevatorId == elevatorId);
        (await elevator.GetSnapshotAsync())!.Alarms.ShouldContain(a => a.Code == FaultCodes.TrappedPassenger);
    }

    private sealed class AlarmRecorder : ILiveObserver
    {
        private readonly Channel<AlarmSnapshot> _received = Channel.CreateUnbounded<AlarmSnapshot>();

        public Task OnElevatorsChangedAsync(IReadOnlyList<ElevatorSnapshot> changes) => Task.CompletedTask;

        public Task OnAlarmChangedAsync(AlarmSnapshot alarm)
        {
            _received.Writer.TryWrite(alarm);
            return Task.CompletedTask;
        }

        public async Task<AlarmSnapshot> WaitForAsync(Func<AlarmSnapshot, bool> match, TimeSpan deadline)
        {
            using var timeout = new CancellationTokenSource(deadline);
            await foreach (var alarm in _received.Reader.ReadAllAsync(timeout.Token))
            {
                if (match(alarm))
                {
                    return alarm;
                }
            }

            throw new InvalidOperationException("the alarm channel closed");
        }
    }
}
