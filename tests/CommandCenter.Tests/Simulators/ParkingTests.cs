using CommandCenter.Protocol;
using CommandCenter.Simulators.Mqtt;
using CommandCenter.Simulators.Parking;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace CommandCenter.Tests.Simulators;

public sealed class ParkingTests
{
    private static readonly TimeZoneInfo CityTime = TimeZoneInfo.CreateCustomTimeZone("UTC+8", TimeSpan.FromHours(8), "UTC+8", "UTC+8");
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(10);

    // Midnight in the city (UTC+8).
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 16, 0, 0, TimeSpan.Zero));
    private readonly List<OutgoingMessage> _outbox = [];

    public ParkingTests() => _time.SetLocalTimeZone(CityTime);

    [Theory]
    [InlineData(LotUse.Residential, 2, 0.85, 0.95)]
    [InlineData(LotUse.Residential, 14, 0.15, 0.25)]
    [InlineData(LotUse.Commercial, 13, 0.80, 0.90)]
    [InlineData(LotUse.Commercial, 1, 0.10, 0.20)]
    public void OccupancyCurve_PeaksAtNightForResidentsAndAtMiddayForOffices(LotUse use, int hour, double min, double max)
    {
        OccupancyCurve.At(use, new TimeOnly(hour, 0)).ShouldBeInRange(min, max);
    }

    [Theory]
    [InlineData(LotUse.Commercial, 18, 59, false)]
    [InlineData(LotUse.Commercial, 19, 0, true)]
    [InlineData(LotUse.Commercial, 23, 0, true)]
    [InlineData(LotUse.Commercial, 6, 59, true)]
    [InlineData(LotUse.Commercial, 7, 0, false)]
    [InlineData(LotUse.Residential, 2, 0, true)]
    public void OccupancyCurve_NightFreeBerths_FillFromSevenInTheEveningUntilSevenInTheMorning(LotUse use, int hour, int minute, bool filled)
    {
        var time = new TimeOnly(hour, minute);

        OccupancyCurve.At(use, nightFree: false, time).ShouldBe(OccupancyCurve.At(use, time));
        if (filled)
        {
            OccupancyCurve.At(use, nightFree: true, time).ShouldBeGreaterThanOrEqualTo(0.9);
        }
        else
        {
            OccupancyCurve.At(use, nightFree: true, time).ShouldBe(OccupancyCurve.At(use, time));
        }
    }

    [Fact]
    public void BerthSensors_NightFreeInACommercialLot_AreFullAtNightWhileTheOthersEmpty()
    {
        var nightFree = Sensors(LotUse.Commercial, first: 1, count: 200, nightFree: true);
        var paid = Sensors(LotUse.Commercial, first: 201, count: 200);
        var shares = new Dictionary<int, (double NightFree, double Paid)>();

        for (var end = _time.GetUtcNow().AddDays(1); _time.GetUtcNow() < end; _time.Advance(Step))
        {
            _outbox.Clear();
            foreach (var sensor in nightFree.Concat(paid))
            {
                sensor.Step(_time.GetUtcNow(), _outbox);
            }

            var local = _time.GetLocalNow();
            if (local.Minute == 0 && local.Second == 0)
            {
                shares[local.Hour] = (nightFree.Average(s => s.Occupied ? 1.0 : 0), paid.Average(s => s.Occupied ? 1.0 : 0));
            }
        }

        shares[2].NightFree.ShouldBeGreaterThan(0.8);
        shares[2].Paid.ShouldBeLessThan(0.3);
        shares[22].NightFree.ShouldBeGreaterThan(0.8);
        shares[14].NightFree.ShouldBeInRange(shares[14].Paid - 0.12, shares[14].Paid + 0.12, "by day they are ordinary berths");
    }

    [Fact]
    public void BerthSensors_OverADayOnFakeTime_FollowTheDayNightCurveOfTheirLot()
    {
        var residential = Sensors(LotUse.Residential, first: 1, count: 200);
        var commercial = Sensors(LotUse.Commercial, first: 201, count: 200);
        var check = new IngestCheck(_time);
        var shares = new Dictionary<int, (double Residential, double Commercial)>();

        for (var end = _time.GetUtcNow().AddDays(1); _time.GetUtcNow() < end; _time.Advance(Step))
        {
            _outbox.Clear();
            foreach (var sensor in residential.Concat(commercial))
            {
                sensor.Step(_time.GetUtcNow(), _outbox);
            }

            check.Accept(_outbox);
            var local = _time.GetLocalNow();
            if (local.Minute == 0 && local.Second == 0)
            {
                shares[local.Hour] = (residential.Average(s => s.Occupied ? 1.0 : 0), commercial.Average(s => s.Occupied ? 1.0 : 0));
            }
        }

        shares[3].Residential.ShouldBeGreaterThan(0.75);
        shares[15].Residential.ShouldBeLessThan(0.35);
        shares[14].Commercial.ShouldBeGreaterThan(0.7);
        shares[2].Commercial.ShouldBeLessThan(0.3);
        foreach (var (hour, share) in shares.Where(s => s.Key > 0))
        {
            // The fleet tracks the curve with a lag of up to the 40-minute mean stay.
            var expected = OccupancyCurve.At(LotUse.Residential, new TimeOnly(hour, 0).AddMinutes(-20));
            share.Residential.ShouldBeInRange(expected - 0.12, expected + 0.12, $"at {hour}:00");
        }
    }

    [Fact]
    public void BerthSensor_ReportsOnChangeAndHeartbeat_WithADrainingBatteryInRange()
    {
        var sensor = new BerthSensor("BS-00001", LotUse.Residential, nightFree: false, TimeSpan.FromMinutes(5), CityTime, new Random(5));
        var check = new IngestCheck(_time);

        for (var end = _time.GetUtcNow().AddDays(2); _time.GetUtcNow() < end; _time.Advance(Step))
        {
            _outbox.Clear();
            sensor.Step(_time.GetUtcNow(), _outbox);
            check.Accept(_outbox);
        }

        var reports = check.All<BerthStateReport>().ToList();
        reports.Zip(reports.Skip(1)).ShouldAllBe(pair => pair.Second.Ts - pair.First.Ts <= TimeSpan.FromMinutes(5));
        reports.Zip(reports.Skip(1)).Count(pair => pair.First.Occupied != pair.Second.Occupied).ShouldBeGreaterThan(10);
        reports[^1].BatteryMv.ShouldBeLessThan(reports[0].BatteryMv);
        reports.ShouldAllBe(r => r.BatteryMv >= 2000 && r.Rssi < 0);
    }

    [Fact]
    public void LotGate_OverADay_ReportsValidCumulativeCountersThatFollowTheCurve()
    {
        var gate = new LotGate("LOT-001", LotUse.Residential, capacity: 300, TimeSpan.FromMinutes(5), CityTime, new Random(8));
        var check = new IngestCheck(_time);

        for (var end = _time.GetUtcNow().AddDays(1); _time.GetUtcNow() < end; _time.Advance(Step))
        {
            _outbox.Clear();
            gate.Step(_time.GetUtcNow(), _outbox);
            check.Accept(_outbox);
            gate.Parked.ShouldBeInRange(0, 300);
        }

        var reports = check.All<LotGateReport>().ToList();
        reports.Zip(reports.Skip(1)).ShouldAllBe(p => p.Second.EntriesTotal >= p.First.EntriesTotal && p.Second.ExitsTotal >= p.First.ExitsTotal);
        (reports[^1].EntriesTotal - reports[0].EntriesTotal).ShouldBeGreaterThan(300, "a residential lot turns over several times a day");
        ParkedAt(3).ShouldBeGreaterThan(ParkedAt(15) + 100);

        long ParkedAt(int hour)
        {
            var report = reports.Last(r => TimeZoneInfo.ConvertTime(r.Ts, CityTime).Hour == hour);
            return report.EntriesTotal - report.ExitsTotal;
        }
    }

    private static List<BerthSensor> Sensors(LotUse use, int first, int count, bool nightFree = false) =>
        [.. Enumerable.Range(first, count).Select(i => new BerthSensor($"BS-{i:D5}", use, nightFree, TimeSpan.FromMinutes(5), CityTime, new Random(i)))];
}
