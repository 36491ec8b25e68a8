using CommandCenter.Protocol;
using CommandCenter.Simulators.Elevators;
using CommandCenter.Simulators.Mqtt;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace CommandCenter.Tests.Simulators;

public sealed class ElevatorDeviceTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly List<OutgoingMessage> _outbox = [];

    private static ElevatorDevice Device(double faultsPerHour, int seed = 3) =>
        new(new ElevatorModel("EL-0003", -2, 18, new Random(seed)), new ElevatorDeviceSettings(TimeSpan.FromSeconds(10), faultsPerHour), new Random(seed + 1));

    /// <summary>Steps the device once a second on fake time, passing everything through ingest's validator.</summary>
    private IngestCheck Run(ElevatorDevice device, TimeSpan duration, IngestCheck? check = null)
    {
        check ??= new IngestCheck(_time);
        for (var end = _time.GetUtcNow() + duration; _time.GetUtcNow() < end; _time.Advance(TimeSpan.FromSeconds(1)))
        {
            _outbox.Clear();
            device.Step(_time.GetUtcNow(), _outbox);
            check.Accept(_outbox);
        }

        return check;
    }

    [Fact]
    public void Step_TwoHoursWithFrequentFaults_EveryMessagePassesIngestAndFaultsAlternateRaisedCleared()
    {
        var check = Run(Device(faultsPerHour: 30), TimeSpan.FromHours(2));

        var events = check.All<ElevatorEventReport>().ToList();
        events.Count.ShouldBeGreaterThan(10);
        events.ShouldAllBe(e => FaultCodes.All.ContainsKey(e.Code) && e.Floor != null);
        events.Where((_, i) => i % 2 == 0).ShouldAllBe(e => e.State == EventState.Raised);
        events.Chunk(2).Where(pair => pair.Length == 2).ShouldAllBe(pair => pair[1].State == EventState.Cleared && pair[1].Code == pair[0].Code);
        check.All<ElevatorStatusReport>().Count().ShouldBeGreaterThan(1000);
    }

    [Fact]
    public void Step_RandomTrappedPassenger_HaltsTheCarAndIsFreedAfterAFewMinutes()
    {
        var check = Run(Device(faultsPerHour: 60, seed: 11), TimeSpan.FromHours(6));

        var events = check.All<ElevatorEventReport>().ToList();
        var traps = events.Select((e, i) => (Event: e, Index: i)).Where(x => x.Event is { Code: FaultCodes.TrappedPassenger, State: EventState.Raised }).ToList();
        traps.ShouldNotBeEmpty();
        foreach (var (raised, index) in traps.Where(t => t.Index + 1 < events.Count))
        {
            var cleared = events[index + 1];
            cleared.Code.ShouldBe(FaultCodes.TrappedPassenger);
            (cleared.Ts - raised.Ts).ShouldBeInRange(TimeSpan.FromMinutes(2.5), TimeSpan.FromMinutes(6));
            var whileTrapped = check.All<ElevatorStatusReport>().Where(s => s.Ts > raised.Ts && s.Ts < cleared.Ts).ToList();
            whileTrapped.ShouldNotBeEmpty();
            whileTrapped.ShouldAllBe(s => s.Passenger == true && !s.Running && s.Mode == ServiceMode.OutOfService && s.DoorZone == false);
        }
    }

    [Fact]
    public void Trap_WithoutDuration_HoldsUntilReleased()
    {
        var device = Device(faultsPerHour: 0);
        device.Trap(duration: null);

        var check = Run(device, TimeSpan.FromMinutes(30));
        device.Release();
        Run(device, TimeSpan.FromSeconds(5), check);

        var events = check.All<ElevatorEventReport>().ToList();
        events.Select(e => (e.Code, e.State)).ShouldBe([(FaultCodes.TrappedPassenger, EventState.Raised), (FaultCodes.TrappedPassenger, EventState.Cleared)]);
        (events[1].Ts - events[0].Ts).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMinutes(30));
        check.All<ElevatorStatusReport>().Last().Passenger.ShouldBe(false);
    }

    [Fact]
    public void RaiseFault_WithDuration_ClearsByItselfAndTheCarRunsAgain()
    {
        var device = Device(faultsPerHour: 0);
        device.RaiseFault("02", TimeSpan.FromMinutes(2));

        var check = Run(device, TimeSpan.FromMinutes(10));

        var events = check.All<ElevatorEventReport>().ToList();
        events.Select(e => (e.Code, e.State)).ShouldBe([("02", EventState.Raised), ("02", EventState.Cleared)]);
        (events[1].Ts - events[0].Ts).ShouldBe(TimeSpan.FromMinutes(2));
        var halted = check.All<ElevatorStatusReport>().Where(s => s.Ts >= events[0].Ts && s.Ts < events[1].Ts).ToList();
        halted.ShouldAllBe(s => s.Door == DoorState.Open && s.Mode == ServiceMode.OutOfService && !s.Running);
        halted.Zip(halted.Skip(1)).ShouldAllBe(pair => pair.Second.Ts - pair.First.Ts <= TimeSpan.FromSeconds(10), "heartbeat while halted");
        check.All<ElevatorStatusReport>().ShouldContain(s => s.Running && s.Ts > events[1].Ts);
    }

    [Fact]
    public void Burst_SendsThatManyExtraStatusesInOneStep()
    {
        var device = Device(faultsPerHour: 0);
        Run(device, TimeSpan.FromSeconds(30));

        device.Burst(500);
        var check = Run(device, TimeSpan.FromSeconds(1));

        check.All<ElevatorStatusReport>().Count().ShouldBeInRange(500, 501);
    }

    [Fact]
    public void Raise_WhileAnotherFaultIsActive_Throws()
    {
        var model = new ElevatorModel("EL-0001", -1, 9, new Random(1));
        model.Raise("03", Start);

        Should.Throw<InvalidOperationException>(() => model.Raise("11", Start)).Message.ShouldContain("already has fault 03");
    }
}
