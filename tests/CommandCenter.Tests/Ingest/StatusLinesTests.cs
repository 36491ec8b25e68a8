using CommandCenter.Protocol;
using CommandCenter.TelemetryIngest.Storage;
using Shouldly;

namespace CommandCenter.Tests.Ingest;

public sealed class StatusLinesTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 3, 30, 15, 123, TimeSpan.Zero);

    private static readonly IWireMessage[] Statuses =
    [
        new ElevatorStatusReport(1, "EL-0001", 42, At, 7, Direction.Up, DoorState.Closed, true, ServiceMode.Normal),
        new ElevatorStatusReport(
            1, "EL-0002", 1_234_567, At, -2, Direction.Down, DoorState.Open, false, ServiceMode.OutOfService,
            Passenger: true, DoorZone: false, RunningHours: 51_234, Trips: 987_654, UpLimit: false, DownLimit: true, Power: PowerState.Outage),
        new ElevatorStatusReport(1, "EL-0003", 1, At, 0, Direction.None, DoorState.Closed, false, ServiceMode.Normal, Power: PowerState.Normal),
        new EscalatorStatusReport(1, "ES-0001", 9, At, true, EscalatorDirection.Up, 0.5),
        new EscalatorStatusReport(1, "ES-0002", 10, At, false, EscalatorDirection.Stopped, 0, StepState.Missing, HandrailState.Ok),
        new EscalatorStatusReport(1, "ES-0003", 11, At, true, EscalatorDirection.Down, 0.65, StepState.Ok, HandrailState.Fault),
    ];

    [Fact]
    public void EachStatusReadBackFromItsSpooledLine_IsTheStatusThatWasSpooled()
    {
        foreach (var status in Statuses)
        {
            StatusLines.TryRead(TimeSeriesPoints.ToLineProtocol(status)).ShouldBe(status);
        }
    }

    [Fact]
    public void ALineOfAnotherMeasurement_IsNoStatus()
    {
        var fault = new ElevatorEventReport(1, "EL-0001", 5, At, "E01", EventState.Raised, 3);

        StatusLines.TryRead(TimeSeriesPoints.ToLineProtocol(fault)).ShouldBeNull();
        StatusLines.TryRead("elevator_status,device_id=EL-0001 floor=3i 1").ShouldBeNull();
        StatusLines.TryRead("").ShouldBeNull();
        StatusLines.TryRead("elevator_status,device_id=EL-0001 seq=x1i,floor=3i,direction=0i,door=0i,running=true,mode=1i 1").ShouldBeNull();
    }
}
