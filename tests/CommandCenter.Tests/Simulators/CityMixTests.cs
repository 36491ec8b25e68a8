using System.Text.Json;
using CommandCenter.Protocol;
using CommandCenter.Simulators.Elevators;
using CommandCenter.Simulators.Load;
using CommandCenter.Simulators.Mqtt;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace CommandCenter.Tests.Simulators;

/// <summary>
/// The load's city mix, as ARCHITECTURE.md puts the baseline: a lift reports every 10 s while its car runs, not every
/// lift every 10 s, and an alarm-button event it raises is cleared again.
/// </summary>
public sealed class CityMixTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero));

    private ElevatorSession Lift(string id, int seed)
    {
        var sequences = new SequenceCounter();
        // Never connected: the mix's decisions are made before anything is published.
        var broker = new BrokerLink("127.0.0.1", 1, new PublishStatistics(), _time);
        return new ElevatorSession(
            new ElevatorModel(id, -2, 20, new Random(seed), sequences), new DeviceConnection(new DemoCredential(id, DeviceKind.Elevator, "secret"), sequences, broker), sequences)
        {
            LastStatus = _time.GetUtcNow() - CityMix.StatusEvery,
        };
    }

    [Fact]
    public void StepLift_ReportsOnlyWhileTheCarRuns_AtMostEveryTenSeconds()
    {
        var lifts = Enumerable.Range(1, 20).Select(i => Lift($"EL-{i:D5}", i)).ToList();
        var statuses = new List<ElevatorStatusReport>();
        var outbox = new List<OutgoingMessage>();
        for (var second = 0; second < 600; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            foreach (var lift in lifts)
            {
                outbox.Clear();
                CityMix.StepLift(lift, _time.GetUtcNow(), raiseEvent: false, outbox);
                statuses.AddRange(outbox.Select(m => JsonSerializer.Deserialize(m.Payload, ProtocolJson.Default.ElevatorStatusReport)!));
            }
        }

        statuses.ShouldAllBe(status => status.Running);
        foreach (var reports in statuses.GroupBy(s => s.DeviceId))
        {
            reports.Zip(reports.Skip(1), (earlier, later) => later.Ts - earlier.Ts).ShouldAllBe(gap => gap >= CityMix.StatusEvery, reports.Key);
        }

        // Every lift ran at some point in ten minutes, but far from every 10 s: cars wait, doors open and close.
        statuses.Select(s => s.DeviceId).Distinct().Count().ShouldBe(lifts.Count);
        statuses.Count.ShouldBeLessThan(lifts.Count * 600 / 10);
    }

    [Fact]
    public void StepLift_AnAlarmButtonEventIsClearedThirtySecondsLater()
    {
        var lift = Lift("EL-00001", 7);
        var events = new List<(TimeSpan At, ElevatorEventReport Event)>();
        var outbox = new List<OutgoingMessage>();
        var start = _time.GetUtcNow();
        for (var second = 0; second < 60; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            outbox.Clear();
            CityMix.StepLift(lift, _time.GetUtcNow(), raiseEvent: second is 5 or 10, outbox);
            events.AddRange(outbox.Where(m => m.Kind == MessageKind.ElevatorEvent)
                .Select(m => (_time.GetUtcNow() - start, JsonSerializer.Deserialize(m.Payload, ProtocolJson.Default.ElevatorEventReport)!)));
        }

        // The second request comes while the first event is still raised: a lift has one at a time.
        events.Select(e => (e.At, e.Event.Code, e.Event.State)).ShouldBe(
        [
            (TimeSpan.FromSeconds(6), FaultCodes.AlarmButton, EventState.Raised),
            (TimeSpan.FromSeconds(36), FaultCodes.AlarmButton, EventState.Cleared),
        ]);
        lift.Model.ActiveFault.ShouldBeNull();
    }
}
