using CommandCenter.Grains.Tickets;
using Shouldly;

namespace CommandCenter.Tests.Tickets;

public sealed class WorkingCalendarTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    // 2025 National Day and Mid-Autumn: 1–8 October off, Sunday 28 September and Saturday 11 October worked.
    private static readonly WorkingCalendar NationalDay2025 = Calendar(options =>
    {
        options.Holidays.AddRange(Enumerable.Range(1, 8).Select(day => new DateOnly(2025, 10, day)));
        options.MakeUpWorkingDays.AddRange([new DateOnly(2025, 9, 28), new DateOnly(2025, 10, 11)]);
    });

    private static readonly WorkingCalendar OfficeHours = Calendar(_ => { });

    private static readonly WorkingCalendar RoundTheClock = Calendar(options =>
    {
        options.WorkingDays.AddRange(Enum.GetValues<DayOfWeek>());
        options.WorkingHours.Add("00:00-24:00");
    });

    [Theory]
    [InlineData("2026-11-23 09:00", "2wh", "2026-11-23 11:00")] // Monday morning
    [InlineData("2026-11-23 10:00", "2wh", "2026-11-23 12:00")] // ends at noon, not after lunch
    [InlineData("2026-11-23 11:00", "2wh", "2026-11-23 15:30")] // over the lunch break
    [InlineData("2026-11-23 12:30", "1wh", "2026-11-23 15:30")] // starts in the lunch break
    [InlineData("2026-11-23 17:30", "1wh", "2026-11-24 09:00")] // over the night
    [InlineData("2026-11-23 20:00", "1wh", "2026-11-24 09:30")] // starts in the evening
    [InlineData("2026-11-27 17:00", "2wh", "2026-11-30 09:30")] // Friday over the weekend
    [InlineData("2026-11-28 10:00", "1wh", "2026-11-30 09:30")] // starts on Saturday
    [InlineData("2026-11-23 08:30", "7wh", "2026-11-23 18:00")] // a whole day of hours
    [InlineData("2026-11-23 09:00", "0.25wh", "2026-11-23 09:15")]
    public void AddWorkingTime_Hours_CountOnlyWorkingPeriods(string start, string limit, string expected)
    {
        OfficeHours.AddWorkingTime(At(start), TimeLimit.Parse(limit)).ShouldBe(At(expected));
    }

    [Theory]
    [InlineData("2026-11-23 10:00", "1wd", "2026-11-24 10:00")] // same clock time next working day
    [InlineData("2026-11-27 10:00", "1wd", "2026-11-30 10:00")] // Friday to Monday
    [InlineData("2026-11-23 10:00", "5wd", "2026-11-30 10:00")]
    [InlineData("2026-11-23 10:00", "15wd", "2026-12-14 10:00")] // illegal construction: three weeks
    [InlineData("2026-11-27 19:00", "1wd", "2026-12-01 08:30")] // the clock starts Monday 08:30
    [InlineData("2026-11-23 12:30", "1wd", "2026-11-24 14:30")] // the clock starts after lunch
    [InlineData("2026-11-23 10:00", "1wd+3wh", "2026-11-24 15:30")] // days first, then hours over lunch
    public void AddWorkingTime_Days_EndAtTheSameClockTimeNWorkingDaysLater(string start, string limit, string expected)
    {
        OfficeHours.AddWorkingTime(At(start), TimeLimit.Parse(limit)).ShouldBe(At(expected));
    }

    [Theory]
    [InlineData("2025-09-30 17:00", "2wh", "2025-10-09 09:30")] // the holiday week is skipped
    [InlineData("2025-09-30 10:00", "1wd", "2025-10-09 10:00")]
    [InlineData("2025-09-26 17:00", "2wh", "2025-09-28 09:30")] // Sunday 28 September is worked
    [InlineData("2025-10-09 10:00", "2wd", "2025-10-11 10:00")] // and so is Saturday 11 October
    [InlineData("2025-10-10 17:00", "2wh", "2025-10-11 09:30")]
    public void AddWorkingTime_HolidaysAndMakeUpDays_FollowTheOfficialSchedule(string start, string limit, string expected)
    {
        NationalDay2025.AddWorkingTime(At(start), TimeLimit.Parse(limit)).ShouldBe(At(expected));
    }

    [Fact]
    public void IsWorkingDay_HolidayOnAWeekdayAndMakeUpOnAWeekend_AreSwapped()
    {
        NationalDay2025.IsWorkingDay(new DateOnly(2025, 10, 1)).ShouldBeFalse();
        NationalDay2025.IsWorkingDay(new DateOnly(2025, 9, 28)).ShouldBeTrue();
        NationalDay2025.IsWorkingDay(new DateOnly(2025, 9, 27)).ShouldBeFalse();
        NationalDay2025.IsWorkingDay(new DateOnly(2025, 9, 29)).ShouldBeTrue();
    }

    [Fact]
    public void AddWorkingTime_RoundTheClockCalendar_RunsAcrossMidnight()
    {
        RoundTheClock.AddWorkingTime(At("2026-11-28 23:00"), TimeLimit.Hours(2)).ShouldBe(At("2026-11-29 01:00"));
        RoundTheClock.AddWorkingTime(At("2026-11-28 23:00"), TimeLimit.Days(1)).ShouldBe(At("2026-11-29 23:00"));
        RoundTheClock.WorkingTimeBetween(At("2026-11-28 22:00"), At("2026-11-29 02:00")).ShouldBe(TimeSpan.FromHours(4));
    }

    [Fact]
    public void AddWorkingTime_InstantGivenInUtc_IsReadInTheCalendarsTimeZone()
    {
        var mondayNineInBeijing = new DateTimeOffset(2026, 11, 23, 1, 0, 0, TimeSpan.Zero);

        var end = OfficeHours.AddWorkingTime(mondayNineInBeijing, TimeLimit.Hours(2));

        end.ShouldBe(new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero));
        OfficeHours.DateOf(new DateTimeOffset(2026, 11, 23, 17, 0, 0, TimeSpan.Zero)).ShouldBe(new DateOnly(2026, 11, 24));
    }

    [Theory]
    [InlineData("2026-11-23 09:00", "2026-11-23 15:00", 3.5)]
    [InlineData("2026-11-27 17:00", "2026-11-30 09:30", 2)]
    [InlineData("2026-11-23 12:10", "2026-11-23 14:20", 0)]
    [InlineData("2026-11-24 10:00", "2026-11-23 10:00", -7)]
    public void WorkingTimeBetween_CountsWorkingTimeOnly(string from, string to, double hours)
    {
        OfficeHours.WorkingTimeBetween(At(from), At(to)).ShouldBe(TimeSpan.FromHours(hours));
    }

    [Theory]
    [InlineData("2026-11-23 09:00", "2wh")]
    [InlineData("2026-11-23 11:45", "3.5wh")]
    [InlineData("2026-11-27 16:00", "10wh")]
    [InlineData("2025-09-30 17:59", "1.5wh")]
    public void WorkingTimeBetween_OfAnAddedLimitFromAWorkingInstant_IsThatLimit(string start, string limit)
    {
        var from = At(start);
        var parsed = TimeLimit.Parse(limit);

        NationalDay2025.WorkingTimeBetween(from, NationalDay2025.AddWorkingTime(from, parsed)).ShouldBe(parsed.WorkingHours);
    }

    [Fact]
    public void WorkingDayLength_DefaultPeriods_IsSevenHours()
    {
        OfficeHours.WorkingDayLength.ShouldBe(TimeSpan.FromHours(7));
    }

    private static WorkingCalendar Calendar(Action<WorkingCalendarOptions> configure)
    {
        var options = new TicketOptions();
        configure(options.Calendar);
        TicketDefaults.Apply(options);
        return WorkingCalendar.From(options.Calendar);
    }

    private static DateTimeOffset At(string local) => new(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture), Beijing);
}
