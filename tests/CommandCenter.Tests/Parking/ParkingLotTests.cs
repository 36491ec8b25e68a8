using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.Parking;
using CommandCenter.Protocol;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace CommandCenter.Tests.Parking;

public sealed class ParkingLotTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    // 18:00 in Yinchuan (UTC+8): an hour before the night window opens.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
    private readonly ParkingOptions _options = new();
    private readonly ParkingLotInfo _info = new("LOT-001", "丽景小区停车场", "D01-S01-C01-G01", 10,
        ["BS-00001", "BS-00002", "BS-00003", "BS-00004", "BS-00005", "BS-00006"], ["BS-00005", "BS-00006"]);

    private long _seq;

    private ParkingLot NewLot() => new(_info.Id, _info, new ParkingLotState(), _options, Shanghai, _time);

    [Fact]
    public void Snapshot_BerthReports_CountOccupiedAndFreeBerths()
    {
        var lot = NewLot();

        Berth(lot, "BS-00001", occupied: true);
        Berth(lot, "BS-00002", occupied: true);
        Berth(lot, "BS-00003", occupied: false);
        Berth(lot, "BS-00005", occupied: true);

        var snapshot = lot.Snapshot();
        snapshot.Capacity.ShouldBe(10);
        snapshot.SensedBerths.ShouldBe(6);
        snapshot.SensedOccupied.ShouldBe(3);
        snapshot.GateVehicles.ShouldBeNull();
        snapshot.Occupied.ShouldBe(3);
        snapshot.Free.ShouldBe(7);
    }

    [Fact]
    public void Snapshot_GateCounts_CountVehiclesInUnsensedSpacesWithinCapacity()
    {
        var lot = NewLot();
        Berth(lot, "BS-00001", occupied: true);
        Berth(lot, "BS-00002", occupied: true);

        lot.ApplyGate(Gate(entries: 1_020, exits: 1_014)).ShouldBe(ReportOutcome.Changed);
        lot.Snapshot().ShouldSatisfyAllConditions(s => s.GateVehicles.ShouldBe(6), s => s.Occupied.ShouldBe(6), s => s.Free.ShouldBe(4));

        // A drifting counter never shows more vehicles than fit, nor fewer than the sensors see.
        lot.ApplyGate(Gate(entries: 1_100, exits: 1_014));
        lot.Snapshot().Occupied.ShouldBe(10);
        lot.ApplyGate(Gate(entries: 1_100, exits: 1_100));
        lot.Snapshot().Occupied.ShouldBe(2);
    }

    [Fact]
    public void Snapshot_NightFreeBerths_AreOfferedOnlyInsideTheWindow()
    {
        var lot = NewLot();
        Berth(lot, "BS-00005", occupied: true);
        Berth(lot, "BS-00006", occupied: false);

        var evening = lot.Snapshot();
        evening.NightWindowActive.ShouldBeFalse();
        evening.NightFreeBerths.ShouldBe(2);
        evening.NightFreeAvailable.ShouldBe(0);

        _time.Advance(TimeSpan.FromHours(1)); // 19:00, the window opens
        var night = lot.Snapshot();
        night.NightWindowActive.ShouldBeTrue();
        night.NightFreeAvailable.ShouldBe(1);

        Berth(lot, "BS-00005", occupied: false);
        lot.Snapshot().NightFreeAvailable.ShouldBe(2);

        _time.Advance(TimeSpan.FromHours(12) - TimeSpan.FromSeconds(1)); // 06:59:59 next morning
        lot.Snapshot().NightWindowActive.ShouldBeTrue();
        _time.Advance(TimeSpan.FromSeconds(1)); // 07:00, the window closes
        lot.Snapshot().ShouldSatisfyAllConditions(s => s.NightWindowActive.ShouldBeFalse(), s => s.NightFreeAvailable.ShouldBe(0));
    }

    [Theory]
    [InlineData(19, 0, 7, 0, 23, true)]
    [InlineData(19, 0, 7, 0, 3, true)]
    [InlineData(19, 0, 7, 0, 12, false)]
    [InlineData(12, 0, 14, 0, 13, true)]
    [InlineData(12, 0, 14, 0, 15, false)]
    public void InNightWindow_UsesCityTimeAndMayWrapMidnight(int fromHour, int fromMinute, int toHour, int toMinute, int localHour, bool expected)
    {
        var now = new DateTimeOffset(2026, 11, 25, localHour, 30, 0, TimeSpan.FromHours(8));

        ParkingLot.InNightWindow(now, Shanghai, new TimeOnly(fromHour, fromMinute), new TimeOnly(toHour, toMinute)).ShouldBe(expected);
    }

    [Fact]
    public void Snapshot_LowBatteryOrSilentSensors_AreUnhealthy()
    {
        var lot = NewLot();
        foreach (var berth in _info.BerthSensorIds.Take(5))
        {
            Berth(lot, berth, occupied: false, batteryMv: berth == "BS-00002" ? 3_250 : 3_600);
        }

        // BS-00006 never reported: not yet suspicious, the lot has only just started tracking.
        lot.Snapshot().UnhealthySensors.ShouldBe([new UnhealthySensor("BS-00002", true, false, 3_250, _time.GetUtcNow())]);

        _time.Advance(TimeSpan.FromMinutes(20));
        Berth(lot, "BS-00001", occupied: true);
        _time.Advance(TimeSpan.FromMinutes(11));

        var unhealthy = lot.Snapshot().UnhealthySensors;
        unhealthy.Select(s => s.SensorId).ShouldBe(["BS-00002", "BS-00003", "BS-00004", "BS-00005", "BS-00006"]);
        unhealthy.ShouldAllBe(s => s.Silent);
        unhealthy.Single(s => s.SensorId == "BS-00002").LowBattery.ShouldBeTrue();
        unhealthy.Single(s => s.SensorId == "BS-00006").LastSeen.ShouldBeNull();
        ParkingLot.Contribution(lot.Snapshot())[AreaMetrics.ParkingSensorsUnhealthy].ShouldBe(5);
    }

    [Fact]
    public void ApplyBerth_OlderReport_IsStaleAndChangesNothing()
    {
        var lot = NewLot();
        Berth(lot, "BS-00001", occupied: true);

        lot.ApplyBerth(Report("BS-00001", occupied: false, ts: _time.GetUtcNow().AddMinutes(-5))).ShouldBe(ReportOutcome.Stale);

        lot.Snapshot().SensedOccupied.ShouldBe(1);
    }

    [Fact]
    public void ApplyBerth_SameStateAgain_IsAHeartbeatUnlessBatteryHealthFlips()
    {
        var lot = NewLot();
        Berth(lot, "BS-00001", occupied: true, batteryMv: 3_400).ShouldBe(ReportOutcome.Changed);

        Berth(lot, "BS-00001", occupied: true, batteryMv: 3_390).ShouldBe(ReportOutcome.Heartbeat);
        Berth(lot, "BS-00001", occupied: true, batteryMv: 3_290).ShouldBe(ReportOutcome.Changed);
        Berth(lot, "BS-00001", occupied: false, batteryMv: 3_290).ShouldBe(ReportOutcome.Changed);
    }

    [Fact]
    public void Contribution_CarriesTheLotsParkingCounters()
    {
        var lot = NewLot();
        _time.Advance(TimeSpan.FromHours(2)); // 20:00, inside the window
        Berth(lot, "BS-00001", occupied: true);
        Berth(lot, "BS-00006", occupied: false);

        var contribution = ParkingLot.Contribution(lot.Snapshot());

        contribution.SameAs(AreaStats.Of(
            (AreaMetrics.ParkingCapacity, 10),
            (AreaMetrics.ParkingOccupied, 1),
            (AreaMetrics.ParkingNightFreeBerths, 2),
            (AreaMetrics.ParkingNightFreeAvailable, 1),
            (AreaMetrics.ParkingSensorsUnhealthy, 4))).ShouldBeTrue();
    }

    private ReportOutcome Berth(ParkingLot lot, string sensor, bool occupied, int batteryMv = 3_600) =>
        lot.ApplyBerth(Report(sensor, occupied, _time.GetUtcNow(), batteryMv));

    private BerthStateReport Report(string sensor, bool occupied, DateTimeOffset ts, int batteryMv = 3_600) =>
        new(1, sensor, ++_seq, ts, occupied, batteryMv, -85);

    private LotGateReport Gate(long entries, long exits) => new(1, _info.Id, ++_seq, _time.GetUtcNow(), entries, exits);
}
