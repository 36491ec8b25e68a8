using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.Duties;
using CommandCenter.Protocol;
using Shouldly;

namespace CommandCenter.Tests.Rules;

/// <summary>日管控 / 周排查 / 月调度 / maintenance standings in Yinchuan time (UTC+8).</summary>
public sealed class DutyCalendarTests
{
    private static readonly DutyCalendar Calendar = new(new DutyOptions());
    private static readonly DateTimeOffset TrackingSince = Local(2026, 11, 1, 9, 0);

    private static DateTimeOffset Local(int y, int m, int d, int h, int min) => new(y, m, d, h, min, 0, TimeSpan.FromHours(8));

    [Theory]
    [InlineData(25, 10, DutyStatus.Normal)]
    [InlineData(25, 19, DutyStatus.DueSoon)]
    public void Daily_YesterdayFiledTodayNotYet_IsNormalThenDueSoonInTheEvening(int day, int hour, DutyStatus expected)
    {
        HashSet<DateOnly> filed = [new(2026, 11, day - 1)];

        Calendar.Daily(filed, null, TrackingSince, Local(2026, 11, day, hour, 0)).Status.ShouldBe(expected);
    }

    [Fact]
    public void Daily_YesterdayMissing_IsOverdueEvenAfterTodaysRecord()
    {
        HashSet<DateOnly> filed = [new(2026, 11, 23), new(2026, 11, 25)];

        var standing = Calendar.Daily(filed, null, TrackingSince, Local(2026, 11, 25, 10, 0));

        standing.Status.ShouldBe(DutyStatus.Overdue);
        standing.DueAt.ShouldBe(Local(2026, 11, 26, 0, 0));
    }

    [Fact]
    public void Daily_ZeroRiskDayReportedToday_IsNormal()
    {
        HashSet<DateOnly> filed = [new(2026, 11, 24), new(2026, 11, 25)];

        Calendar.Daily(filed, null, TrackingSince, Local(2026, 11, 25, 23, 0)).Status.ShouldBe(DutyStatus.Normal);
    }

    [Fact]
    public void Daily_FirstDayOfTracking_IsNotOverdueForTheDayBefore()
    {
        Calendar.Daily(new HashSet<DateOnly>(), null, Local(2026, 11, 25, 9, 0), Local(2026, 11, 25, 10, 0)).Status.ShouldBe(DutyStatus.Normal);
    }

    [Fact]
    public void Weekly_IsoWeekBoundary_UsesLocalTimeAndIsoWeeks()
    {
        // 2026-11-29 is a Sunday (ISO 2026-W48); 16:00 UTC that day is already Monday W49 in Yinchuan.
        HashSet<(int, int)> filed = [(2026, 47)];
        var sundayEvening = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
        var mondayLocal = new DateTimeOffset(2026, 11, 29, 16, 30, 0, TimeSpan.Zero);

        Calendar.Weekly(filed, null, TrackingSince, sundayEvening).ShouldSatisfyAllConditions(
            s => s.Status.ShouldBe(DutyStatus.DueSoon),
            s => s.Period.ShouldBe("2026-W48"));
        Calendar.Weekly(filed, null, TrackingSince, mondayLocal).ShouldSatisfyAllConditions(
            s => s.Status.ShouldBe(DutyStatus.Overdue),
            s => s.Period.ShouldBe("2026-W49"));
    }

    [Fact]
    public void Monthly_LastDaysOfMonth_AreDueSoonAndAMissedMonthIsOverdue()
    {
        HashSet<(int, int)> filed = [(2026, 10)];

        Calendar.Monthly(filed, null, TrackingSince, Local(2026, 11, 29, 9, 0)).Status.ShouldBe(DutyStatus.DueSoon);
        Calendar.Monthly(filed, null, TrackingSince, Local(2026, 12, 2, 9, 0)).Status.ShouldBe(DutyStatus.Overdue);
        Calendar.Monthly(new HashSet<(int, int)> { (2026, 10), (2026, 11) }, null, TrackingSince, Local(2026, 12, 2, 9, 0)).Status.ShouldBe(DutyStatus.Normal);
    }

    [Theory]
    [InlineData(10, DutyStatus.Normal)]
    [InlineData(13, DutyStatus.DueSoon)]
    [InlineData(15, DutyStatus.Overdue)]
    public void Maintenance_FifteenDayInterval_TurnsDueSoonThenOverdue(int daysSince, DutyStatus expected)
    {
        var last = Local(2026, 11, 1, 10, 0);

        Calendar.Maintenance(MaintenanceType.HalfMonth, last, TrackingSince, last.AddDays(daysSince)).Status.ShouldBe(expected);
    }

    [Fact]
    public void NextChange_IsTheNearestDueSoonOrDueInstant()
    {
        var now = Local(2026, 11, 25, 10, 0);
        var daily = Calendar.Daily(new HashSet<DateOnly> { new(2026, 11, 24) }, null, TrackingSince, now);
        var maintenance = Calendar.Maintenance(MaintenanceType.HalfMonth, Local(2026, 11, 20, 10, 0), TrackingSince, now);

        DutyCalendar.NextChange(now, daily, maintenance).ShouldBe(Local(2026, 11, 25, 18, 0));
    }
}
