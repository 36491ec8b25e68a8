using CommandCenter.Protocol;
using CommandCenter.Simulators.Elevators;
using CommandCenter.Simulators.Escalators;
using CommandCenter.Simulators.Mqtt;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace CommandCenter.Tests.Simulators;

public sealed class EscalatorDeviceTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Start);

    [Fact]
    public void Step_TwoHoursWithFrequentFaults_PublishesOnlyEscalatorMessagesThatPassIngestAndFaultsStopAndClear()
    {
        var device = new EscalatorDevice("ESC-0001", EscalatorDirection.Up, 0.5, new ElevatorDeviceSettings(TimeSpan.FromSeconds(10), 30), new Random(5));
        var check = new IngestCheck(_time);
        var outbox = new List<OutgoingMessage>();
        var kinds = new HashSet<MessageKind>();
        for (var end = Start + TimeSpan.FromHours(2); _time.GetUtcNow() < end; _time.Advance(TimeSpan.FromSeconds(1)))
        {
            outbox.Clear();
            device.Step(_time.GetUtcNow(), outbox);
            kinds.UnionWith(outbox.Select(m => m.Kind));
            check.Accept(outbox);
        }

        kinds.ShouldBe([MessageKind.EscalatorStatus, MessageKind.EscalatorEvent], ignoreOrder: true);
        var events = check.All<ElevatorEventReport>().ToList();
        events.Count.ShouldBeGreaterThan(10);
        events.ShouldAllBe(e => FaultCodes.Escalator.Contains(e.Code) && e.Floor == null);
        events.Chunk(2).Where(pair => pair.Length == 2).ShouldAllBe(pair =>
            pair[0].State == EventState.Raised && pair[1].State == EventState.Cleared && pair[1].Code == pair[0].Code);
        var statuses = check.All<EscalatorStatusReport>().ToList();
        statuses.ShouldContain(s => s.Running && s.Direction == EscalatorDirection.Up && s.Speed == 0.5);
        statuses.ShouldContain(s => !s.Running && s.Speed == 0, "standby or a fault stops it");
        // Every fault but the alarm button stops the steps until it clears.
        foreach (var raised in events.Where(e => e.State == EventState.Raised && e.Code != FaultCodes.AlarmButton))
        {
            statuses.Where(s => s.Ts == raised.Ts).ShouldAllBe(s => !s.Running);
        }
    }

    [Fact]
    public void Raise_MissingStep_ShowsInTheStatusUntilCleared()
    {
        var device = new EscalatorDevice("ESC-0002", EscalatorDirection.Down, 0.65, new ElevatorDeviceSettings(TimeSpan.FromSeconds(10), 0), new Random(1));

        device.Raise("64", Start);

        device.Report(Start).ShouldBe(new EscalatorStatusReport(1, "ESC-0002", 1, Start, false, EscalatorDirection.Down, 0, StepState.Missing, HandrailState.Ok));
        device.Clear(Start.AddMinutes(20)).State.ShouldBe(EventState.Cleared);
        (device.Report(Start.AddMinutes(20)) with { Seq = 0 }).ShouldBe(new EscalatorStatusReport(1, "ESC-0002", 0, Start.AddMinutes(20), true, EscalatorDirection.Down, 0.65, StepState.Ok, HandrailState.Ok));
    }
}
