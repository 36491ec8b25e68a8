using CommandCenter.Protocol;
using CommandCenter.TelemetryIngest.Storage;
using Shouldly;

namespace CommandCenter.Tests.Storage;

/// <summary>The optional GB/T 24476 counters and switches of a status report reach the time series when the device sends them, and only then.</summary>
public sealed class TimeSeriesPointsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ToLineProtocol_StatusWithCountersLimitsAndPower_WritesEachAsAField()
    {
        var report = new ElevatorStatusReport(1, "EL-0001", 5, At, 3, Direction.None, DoorState.Closed, false, ServiceMode.OutOfService,
            RunningHours: 18250, Trips: 1_640_213, UpLimit: false, DownLimit: true, Power: PowerState.Outage);

        var line = TimeSeriesPoints.ToLineProtocol(report);

        foreach (var field in new[] { "running_hours=18250i", "trips=1640213i", "up_limit=false", "down_limit=true", "power_outage=true" })
        {
            line.ShouldContain(field);
        }
    }

    [Fact]
    public void ToLineProtocol_StatusWithoutThem_WritesNoneOfThem()
    {
        var line = TimeSeriesPoints.ToLineProtocol(new ElevatorStatusReport(1, "EL-0001", 5, At, 3, Direction.Up, DoorState.Closed, true, ServiceMode.Normal));

        foreach (var field in new[] { "running_hours", "trips", "up_limit", "down_limit", "power_outage" })
        {
            line.ShouldNotContain(field);
        }
    }
}
