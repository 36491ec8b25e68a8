using System.Globalization;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Protocol;

namespace CommandCenter.Grains.Duties;

/// <summary>
/// The rules of 日管控 / 周排查 / 月调度 and maintenance as pure functions of the records and "now",
/// so every status and the instant it next changes can be tested on any clock.
/// A period is overdue when the previous one ended without a record (periods that ended before
/// tracking started do not count); it is due soon inside the last stretch of the current period.
/// </summary>
public sealed class DutyCalendar(DutyOptions options)
{
    private readonly TimeZoneInfo _zone = options.Zone;

    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, _zone).DateTime);

    public DutyStanding Daily(IReadOnlySet<DateOnly> filedDays, DateTimeOffset? lastFiledAt, DateTimeOffset trackingSince, DateTimeOffset now)
    {
        var today = LocalDate(now);
        var yesterday = today.AddDays(-1);
        return Standing(
            previousMissing: StartOf(today) > trackingSince && !filedDays.Contains(yesterday),
            currentFiled: filedDays.Contains(today),
            periodEnd: StartOf(today.AddDays(1)),
            dueSoon: options.DailyDueSoon,
            lastFiledAt,
            now,
            today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    public DutyStanding Weekly(IReadOnlySet<(int Year, int Week)> filedWeeks, DateTimeOffset? lastFiledAt, DateTimeOffset trackingSince, DateTimeOffset now)
    {
        var today = LocalDate(now).ToDateTime(TimeOnly.MinValue);
        var (year, week) = (ISOWeek.GetYear(today), ISOWeek.GetWeekOfYear(today));
        var weekStart = DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday));
        var previous = weekStart.AddDays(-7).ToDateTime(TimeOnly.MinValue);
        return Standing(
            previousMissing: StartOf(weekStart) > trackingSince && !filedWeeks.Contains((ISOWeek.GetYear(previous), ISOWeek.GetWeekOfYear(previous))),
            currentFiled: filedWeeks.Contains((year, week)),
            periodEnd: StartOf(weekStart.AddDays(7)),
            dueSoon: options.WeeklyDueSoon,
            lastFiledAt,
            now,
            $"{year}-W{week:D2}");
    }

    public DutyStanding Monthly(IReadOnlySet<(int Year, int Month)> filedMonths, DateTimeOffset? lastFiledAt, DateTimeOffset trackingSince, DateTimeOffset now)
    {
        var today = LocalDate(now);
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var previous = monthStart.AddMonths(-1);
        return Standing(
            previousMissing: StartOf(monthStart) > trackingSince && !filedMonths.Contains((previous.Year, previous.Month)),
            currentFiled: filedMonths.Contains((today.Year, today.Month)),
            periodEnd: StartOf(monthStart.AddMonths(1)),
            dueSoon: options.MonthlyDueSoon,
            lastFiledAt,
            now,
            $"{today.Year}-{today.Month:D2}");
    }

    /// <summary>A maintenance cycle is due its interval after the last visit that covered it (or after tracking started).</summary>
    public DutyStanding Maintenance(MaintenanceType cycle, DateTimeOffset? lastFinishedAt, DateTimeOffset trackingSince, DateTimeOffset now)
    {
        var due = (lastFinishedAt ?? trackingSince) + options.IntervalOf(cycle);
        var status = now >= due ? DutyStatus.Overdue : now >= due - options.MaintenanceDueSoon ? DutyStatus.DueSoon : DutyStatus.Normal;
        return new DutyStanding(status, lastFinishedAt, due - options.MaintenanceDueSoon, due, "interval");
    }

    /// <summary>The next instant at which any of the standings can change by time alone.</summary>
    public static DateTimeOffset NextChange(DateTimeOffset now, params DutyStanding[] standings) =>
        standings
            .SelectMany(s => new[] { s.DueSoonFrom, s.DueAt })
            .Where(instant => instant > now)
            .DefaultIfEmpty(now.AddDays(1))
            .Min();

    /// <summary>The later of a known instant and a record's: records may arrive out of order, and "last filed" never goes back.</summary>
    public static DateTimeOffset Latest(DateTimeOffset? known, DateTimeOffset candidate) =>
        known is { } k && k > candidate ? k : candidate;

    private static DutyStanding Standing(
        bool previousMissing, bool currentFiled, DateTimeOffset periodEnd, TimeSpan dueSoon, DateTimeOffset? lastFiledAt, DateTimeOffset now, string period)
    {
        var status = previousMissing ? DutyStatus.Overdue
            : currentFiled ? DutyStatus.Normal
            : now >= periodEnd - dueSoon ? DutyStatus.DueSoon
            : DutyStatus.Normal;
        return new DutyStanding(status, lastFiledAt, periodEnd - dueSoon, periodEnd, period);
    }

    private DateTimeOffset StartOf(DateOnly localDate)
    {
        var local = localDate.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, _zone.GetUtcOffset(local));
    }
}
