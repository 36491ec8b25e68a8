using System.Globalization;

namespace CommandCenter.Grains.Tickets;

/// <summary>A working period of a day, from <see cref="Start"/> to <see cref="End"/> (up to 24:00), written <c>08:30-12:00</c>.</summary>
public readonly record struct WorkingPeriod(TimeSpan Start, TimeSpan End)
{
    private static readonly TimeSpan EndOfDay = TimeSpan.FromDays(1);

    public TimeSpan Length => End - Start;

    public static WorkingPeriod Parse(string text) =>
        TryParse(text, out var period) ? period : throw new FormatException($"'{text}' is not a working period such as 08:30-12:00.");

    public static bool TryParse(string? text, out WorkingPeriod period)
    {
        period = default;
        var parts = text?.Split('-', StringSplitOptions.TrimEntries);
        if (parts is not [var start, var end] || !TryParseClock(start, out var from) || !TryParseClock(end, out var to) || from >= to)
        {
            return false;
        }

        period = new WorkingPeriod(from, to);
        return true;
    }

    public override string ToString() => $@"{Start:hh\:mm}-{(End == EndOfDay ? "24:00" : End.ToString(@"hh\:mm", CultureInfo.InvariantCulture))}";

    private static bool TryParseClock(string text, out TimeSpan time)
    {
        if (text == "24:00")
        {
            time = EndOfDay;
            return true;
        }

        var parsed = TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var clock);
        time = clock.ToTimeSpan();
        return parsed;
    }
}

/// <summary>
/// Working time of an office: working weekdays, working periods of each working day, public
/// holidays, and make-up working days (调休, weekend days worked to bridge a holiday), in one time
/// zone. Time limits count only working time:
/// <list type="bullet">
/// <item>the clock starts at the first working instant at or after the start (a case dispatched at
/// 19:00 on Friday starts at Monday's first period);</item>
/// <item>N working hours end once N hours inside working periods have passed (ending exactly at the
/// end of a period, e.g. 12:00, not at the start of the next);</item>
/// <item>N working days end at the same clock time on the Nth working day after that start
/// (from Monday 10:00, 1wd ends Tuesday 10:00 and 5wd the next Monday 10:00, holidays skipped);</item>
/// <item>a limit of days and hours adds the days first, then the hours.</item>
/// </list>
/// </summary>
public sealed class WorkingCalendar
{
    private readonly HashSet<DayOfWeek> _workingDays;
    private readonly WorkingPeriod[] _periods;
    private readonly HashSet<DateOnly> _holidays;
    private readonly HashSet<DateOnly> _makeUpDays;

    /// <param name="periods">Ascending and not overlapping (the options validator checks this).</param>
    public WorkingCalendar(
        TimeZoneInfo timeZone,
        IEnumerable<DayOfWeek> workingDays,
        IEnumerable<WorkingPeriod> periods,
        IEnumerable<DateOnly> holidays,
        IEnumerable<DateOnly> makeUpDays)
    {
        TimeZone = timeZone;
        _workingDays = [.. workingDays];
        _periods = [.. periods.OrderBy(p => p.Start)];
        _holidays = [.. holidays];
        _makeUpDays = [.. makeUpDays];
        if (_workingDays.Count == 0 || _periods.Length == 0)
        {
            throw new ArgumentException("A working calendar needs at least one working weekday and one working period.");
        }

        WorkingDayLength = _periods.Aggregate(TimeSpan.Zero, (sum, period) => sum + period.Length);
    }

    public TimeZoneInfo TimeZone { get; }

    /// <summary>Working time of one working day (7 hours by default).</summary>
    public TimeSpan WorkingDayLength { get; }

    public static WorkingCalendar From(WorkingCalendarOptions options) => new(
        TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone),
        options.WorkingDays,
        options.WorkingHours.Select(WorkingPeriod.Parse),
        options.Holidays,
        options.MakeUpWorkingDays);

    /// <summary>A make-up day works even on a weekend; a holiday rests even on a weekday.</summary>
    public bool IsWorkingDay(DateOnly date) =>
        _makeUpDays.Contains(date) || (_workingDays.Contains(date.DayOfWeek) && !_holidays.Contains(date));

    /// <summary>The local calendar date of an instant.</summary>
    public DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime);

    /// <summary>The instant <paramref name="limit"/> of working time after <paramref name="start"/> (see the class remarks).</summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset start, TimeLimit limit)
    {
        var afterDays = limit.WorkingDays > 0 ? AddWorkingDays(start, limit.WorkingDays) : start;
        return AddWorkingHours(afterDays, limit.WorkingHours);
    }

    /// <summary>Working time inside [a, b); negative when b is before a.</summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset a, DateTimeOffset b)
    {
        if (b < a)
        {
            return -WorkingTimeBetween(b, a);
        }

        var total = TimeSpan.Zero;
        foreach (var (start, end) in PeriodsFrom(DateOf(a)).TakeWhile(period => period.Start < b))
        {
            var overlap = Min(end, b) - Max(start, a);
            if (overlap > TimeSpan.Zero)
            {
                total += overlap;
            }
        }

        return total;
    }

    private DateTimeOffset AddWorkingHours(DateTimeOffset start, TimeSpan hours)
    {
        var remaining = hours;
        foreach (var (periodStart, periodEnd) in PeriodsFrom(DateOf(start)).Where(period => period.End > start))
        {
            var from = Max(periodStart, start);
            if (remaining <= periodEnd - from)
            {
                return from + remaining;
            }

            remaining -= periodEnd - from;
        }

        throw new InvalidOperationException("unreachable: working periods never run out");
    }

    private DateTimeOffset AddWorkingDays(DateTimeOffset start, int days)
    {
        var clockStart = AddWorkingHours(start, TimeSpan.Zero);
        var local = TimeZoneInfo.ConvertTime(clockStart, TimeZone).DateTime;
        var date = DateOnly.FromDateTime(local);
        for (var i = 0; i < days; i++)
        {
            do
            {
                date = date.AddDays(1);
            }
            while (!IsWorkingDay(date));
        }

        return At(date, local.TimeOfDay);
    }

    /// <summary>Working periods as instants, from the given local date on, endlessly.</summary>
    private IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> PeriodsFrom(DateOnly date)
    {
        for (; ; date = date.AddDays(1))
        {
            if (!IsWorkingDay(date))
            {
                continue;
            }

            foreach (var period in _periods)
            {
                yield return (At(date, period.Start), At(date, period.End));
            }
        }
    }

    /// <summary>The instant of a local date and clock time; in a daylight-saving gap or overlap the standard offset applies.</summary>
    private DateTimeOffset At(DateOnly date, TimeSpan timeOfDay)
    {
        var local = date.ToDateTime(TimeOnly.MinValue) + timeOfDay;
        return new DateTimeOffset(local, TimeZone.GetUtcOffset(local));
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
