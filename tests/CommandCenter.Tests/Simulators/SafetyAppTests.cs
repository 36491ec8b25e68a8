using System.Globalization;
using CommandCenter.Protocol;
using CommandCenter.Simulators.Mqtt;
using CommandCenter.Simulators.Records;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace CommandCenter.Tests.Simulators;

public sealed class SafetyAppTests
{
    private static readonly DateTimeOffset RealStart = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan DayLength = TimeSpan.FromSeconds(600);
    private static readonly TimeSpan History = TimeSpan.FromDays(45);
    private static readonly string[] Elevators = ["EL-0001", "EL-0002", "EL-0003", "EL-0004", "EL-0005"];
    private static readonly UserUnit[] Units = [new("UNIT-001", "丽景苑物业服务中心", new("赵敏", ""), "钱刚"), new("UNIT-002", "金地物业服务中心", new("孙丽", ""), "李强")];

    private readonly FakeTimeProvider _time = new(RealStart);

    /// <summary>
    /// An elevator of <see cref="Units"/>: the first three belong to UNIT-001, the rest to UNIT-002;
    /// officers and firms are named after the elevator so records can be traced back to it.
    /// </summary>
    private static ElevatorInfo Elevator(string id, int index) => new(
        id, $"3110640120{index:D6}", "D01-S01-C01-G01", "1号楼", "银川市兴庆区", index < 3 ? "UNIT-001" : "UNIT-002", new Contact($"officer of {id}", ""), $"FIRM-{index % 2 + 1:D3}", DeviceKind.Elevator);

    /// <summary>Runs an app on fake time until its compressed calendar has caught up with the real one.</summary>
    private IngestCheck Run(DutySettings duties, IReadOnlyList<string>? elevators = null, int seed = 4)
    {
        var calendar = new SimulatedCalendar(RealStart, History, DayLength);
        var app = new SafetyApp("APP-001", [.. (elevators ?? Elevators).Select(Elevator)], Units, calendar, TimeZoneInfo.Utc, duties, new Random(seed));
        var check = new IngestCheck(_time);
        var outbox = new List<OutgoingMessage>();
        while (calendar.Now(_time.GetUtcNow()) < _time.GetUtcNow())
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            outbox.Clear();
            app.Step(_time.GetUtcNow(), outbox);
            check.Accept(outbox);
        }

        return check;
    }

    [Fact]
    public void SimulatedCalendar_StartsInThePast_RunsCompressed_ThenKeepsPaceWithTheRealClock()
    {
        var calendar = new SimulatedCalendar(RealStart, TimeSpan.FromDays(10), TimeSpan.FromMinutes(10));

        calendar.Now(RealStart).ShouldBe(RealStart.AddDays(-10));
        calendar.Now(RealStart.AddMinutes(10)).ShouldBe(RealStart.AddDays(-9));
        calendar.Speed.ShouldBe(144);
        // 10 days of lag close at 143 days per day.
        calendar.Now(RealStart.AddDays(10.0 / 143)).ShouldBe(RealStart.AddDays(10.0 / 143), TimeSpan.FromSeconds(1));
        calendar.Now(RealStart.AddDays(3)).ShouldBe(RealStart.AddDays(3));
    }

    [Fact]
    public void Step_NobodyMissesAnything_FilesEveryDutyOnceAndEveryRecordPassesIngest()
    {
        var check = Run(new DutySettings(MissedShare: 0, OverdueShare: 0));

        var firstFullDay = DateOnly.FromDateTime(RealStart.AddDays(-History.TotalDays + 1).UtcDateTime);
        var today = DateOnly.FromDateTime(RealStart.UtcDateTime);
        var daily = check.All<DailyCheckRecord>().ToList();
        daily.ShouldAllBe(d => d.Date <= today && d.DeviceId == "APP-001");
        daily.Select(d => (d.ElevatorId, d.Date)).Distinct().Count().ShouldBe(daily.Count, "one check per elevator and day");
        for (var day = firstFullDay; day < today; day = day.AddDays(1))
        {
            daily.Where(d => d.Date == day).Select(d => d.ElevatorId).ShouldBe(Elevators, ignoreOrder: true, customMessage: $"daily checks of {day}");
        }

        daily.Count(d => d.ZeroRisk).ShouldBeGreaterThan(daily.Count * 3 / 4, "most days are zero-risk");
        daily.ShouldContain(d => !d.ZeroRisk);

        var weekly = check.All<WeeklyInvestigationRecord>().ToList();
        weekly.Select(w => (w.ElevatorId, w.Year, w.Week)).Distinct().Count().ShouldBe(weekly.Count, "one investigation per elevator and week");
        weekly.GroupBy(w => w.ElevatorId).ShouldAllBe(g => g.Count() >= 5);

        var monthly = check.All<MonthlySchedulingRecord>().ToList();
        monthly.Select(m => (m.UnitId, m.Year, m.Month)).Order().ShouldBe([("UNIT-001", 2026, 11), ("UNIT-002", 2026, 11)]);
        monthly.ShouldAllBe(m => m.NextFocus.Length > 0);
    }

    [Fact]
    public void Step_Records_NameTheCitysPeopleAndFirms()
    {
        var check = Run(new DutySettings(MissedShare: 0, OverdueShare: 0));

        check.All<DailyCheckRecord>().ShouldAllBe(d => d.Officer == $"officer of {d.ElevatorId}");
        check.All<WeeklyInvestigationRecord>().ShouldAllBe(w => w.Director == (string.CompareOrdinal(w.ElevatorId, "EL-0003") <= 0 ? "赵敏" : "孙丽"));
        check.All<MonthlySchedulingRecord>().Select(m => (m.UnitId, m.Principal)).Order().ShouldBe([("UNIT-001", "钱刚"), ("UNIT-002", "李强")]);
        check.All<MaintenanceRecord>().ShouldAllBe(m => m.FirmId == (m.ElevatorId == "EL-0002" || m.ElevatorId == "EL-0004" ? "FIRM-002" : "FIRM-001"));
    }

    [Fact]
    public void Constructor_ElevatorOfAUnitTheAppDoesNotServe_IsRefused()
    {
        var calendar = new SimulatedCalendar(RealStart, History, DayLength);

        Should.Throw<ArgumentException>(() => new SafetyApp("APP-001", [Elevator("EL-0005", 4)], [Units[0]], calendar, TimeZoneInfo.Utc, new DutySettings(0, 0), new Random(1)))
            .Message.ShouldStartWith("app APP-001: elevator EL-0005 belongs to unit UNIT-002, which the app does not serve");
    }

    [Fact]
    public void Step_MaintenanceOnTime_VisitsEveryElevatorAtMostFifteenDaysApartWithTheItemsOfItsPeriod()
    {
        var check = Run(new DutySettings(MissedShare: 0, OverdueShare: 0));

        var visits = check.All<MaintenanceRecord>().GroupBy(m => m.ElevatorId).ToDictionary(g => g.Key, g => g.OrderBy(m => m.FinishedAt).ToList());
        visits.Keys.Order().ShouldBe(Elevators);
        foreach (var (elevator, records) in visits)
        {
            records.Count.ShouldBeGreaterThanOrEqualTo(2, elevator);
            records.Zip(records.Skip(1)).ShouldAllBe(pair => (pair.Second.FinishedAt - pair.First.FinishedAt).TotalDays <= 16);
            records.ShouldAllBe(r => r.StartedAt < r.FinishedAt && r.FinishedAt <= r.Ts);
        }

        var itemCounts = new Dictionary<MaintenanceType, int> { [MaintenanceType.HalfMonth] = 31, [MaintenanceType.Quarterly] = 44, [MaintenanceType.HalfYear] = 59, [MaintenanceType.Yearly] = 76 };
        check.All<MaintenanceRecord>().ShouldAllBe(r => r.ItemsDone.Count == itemCounts[r.Type]);
    }

    [Fact]
    public void Step_EveryElevatorOverdue_StretchesMaintenancePastFifteenDays()
    {
        var check = Run(new DutySettings(MissedShare: 0, OverdueShare: 1));

        foreach (var records in check.All<MaintenanceRecord>().GroupBy(m => m.ElevatorId).Select(g => g.OrderBy(m => m.FinishedAt).ToList()))
        {
            records.Zip(records.Skip(1)).ShouldAllBe(pair => (pair.Second.FinishedAt - pair.First.FinishedAt).TotalDays > 15);
        }
    }

    [Fact]
    public void Step_TenPercentMissed_SkipsAboutOneDutyInTwentyAndFilesAboutOneLate()
    {
        var elevators = Enumerable.Range(1, 40).Select(i => $"EL-{i:D4}").ToArray();

        var check = Run(new DutySettings(MissedShare: 0.1, OverdueShare: 0), elevators);

        // Late daily checks arrive the next simulated day, so count only days whose late checks are all in.
        var today = DateOnly.FromDateTime(RealStart.UtcDateTime);
        var days = Enumerable.Range(2, (int)History.TotalDays - 3).Select(i => today.AddDays(-i)).ToHashSet();
        var filed = check.All<DailyCheckRecord>().Count(d => days.Contains(d.Date));
        var expected = days.Count * elevators.Length;
        ((double)filed / expected).ShouldBeInRange(0.92, 0.98, "about 5 % skipped");
    }

    [Fact]
    public void Step_WeeklyRecords_CarryTheIsoWeekOfTheirDay()
    {
        var check = Run(new DutySettings(MissedShare: 0, OverdueShare: 0));

        var weeks = check.All<WeeklyInvestigationRecord>().Select(w => (w.Year, w.Week)).Distinct().ToList();
        var expected = Enumerable.Range(0, (int)History.TotalDays)
            .Select(i => RealStart.UtcDateTime.Date.AddDays(-i))
            .Where(d => d.DayOfWeek == DayOfWeek.Monday && d > RealStart.UtcDateTime.AddDays(-History.TotalDays) && d < RealStart.UtcDateTime.AddDays(-5))
            .Select(d => (ISOWeek.GetYear(d), ISOWeek.GetWeekOfYear(d)));
        expected.ShouldAllBe(week => weeks.Contains(week));
        check.All<WeeklyInvestigationRecord>().Where(w => w.Hazards.Count > 0).ShouldAllBe(w => w.Hazards.All(h => h.Severity == HazardSeverity.General || !h.Fixed));
    }
}
