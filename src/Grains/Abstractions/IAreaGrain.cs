using System.Collections.Immutable;

namespace CommandCenter.Grains.Abstractions;

/// <summary>
/// Counters of one area, summed from its sources (elevators, lots, work orders) or its child areas.
/// Names come from <see cref="AreaMetrics"/>; a missing name counts as zero.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AreaStats([property: Id(0)] ImmutableDictionary<string, long> Counters)
{
    public static readonly AreaStats Empty = new(ImmutableDictionary<string, long>.Empty);

    public long this[string metric] => Counters.GetValueOrDefault(metric);

    public static AreaStats Of(params (string Metric, long Value)[] counters) =>
        new(counters.Where(c => c.Value != 0).ToImmutableDictionary(c => c.Metric, c => c.Value));

    public AreaStats Plus(AreaStats other)
    {
        var sum = Counters.ToBuilder();
        foreach (var (metric, value) in other.Counters)
        {
            sum[metric] = sum.GetValueOrDefault(metric) + value;
        }

        return new AreaStats(sum.ToImmutable());
    }

    public bool SameAs(AreaStats other) =>
        Counters.Count == other.Counters.Count && Counters.All(c => other.Counters.GetValueOrDefault(c.Key) == c.Value);
}

/// <summary>
/// One node of the rollup tree city → district → street → community → grid (keys from
/// <see cref="AreaKeys"/>). Sources report their whole contribution (not deltas), so a repeated
/// or reordered report can never skew the sums; each area pushes its total to its parent shortly
/// after it changes.
/// </summary>
public interface IAreaGrain : IGrainWithStringKey
{
    /// <summary>Replaces what <paramref name="sourceId"/> contributes to this area.</summary>
    Task ReportAsync(string sourceId, AreaStats contribution);

    /// <summary>Replaces what each of several sources contributes, in one call (a ticket index shard's open work orders of this area).</summary>
    Task ReportManyAsync(IReadOnlyDictionary<string, AreaStats> contributions);

    Task<AreaStats> GetStatsAsync();

    /// <summary>The current contribution of each child area or source, keyed by its id.</summary>
    Task<IReadOnlyDictionary<string, AreaStats>> GetContributionsAsync();

    /// <summary>
    /// An imported city moved this area under another parent or retired it: it withdraws its total from
    /// <paramref name="formerParentKey"/> and passes it to the parent the city now names (none when retired).
    /// </summary>
    Task LeaveParentAsync(string formerParentKey);
}

/// <summary>Grain keys of the rollup tree, built in one place.</summary>
public static class AreaKeys
{
    public const string City = "city";

    public static string District(string id) => $"district/{id}";

    public static string Street(string id) => $"street/{id}";

    public static string Community(string id) => $"community/{id}";

    public static string Grid(string id) => $"grid/{id}";
}

/// <summary>Counter names used in <see cref="AreaStats"/>, shared by producers and the wall.</summary>
public static class AreaMetrics
{
    public const string Elevators = "elevators";
    public const string ElevatorsRunning = "elevators.running";
    public const string ElevatorsOffline = "elevators.offline";
    public const string ElevatorsOutOfService = "elevators.outOfService";
    public const string ElevatorsFaulted = "elevators.faulted";

    public const string AlarmsCritical = "alarms.critical";
    public const string AlarmsMajor = "alarms.major";
    public const string AlarmsMinor = "alarms.minor";
    public const string AlarmsSlaBreached = "alarms.slaBreached";

    /// <summary>Elevators of the city file whose duties are tracked: who owe daily, weekly and maintenance duties.</summary>
    public const string DutyElevators = "duty.elevators";

    /// <summary>User units of the city file whose monthly minutes are tracked.</summary>
    public const string DutyUnits = "duty.units";

    public const string DailyOverdue = "duty.daily.overdue";
    public const string DailyDueSoon = "duty.daily.dueSoon";
    public const string WeeklyOverdue = "duty.weekly.overdue";
    public const string WeeklyDueSoon = "duty.weekly.dueSoon";
    public const string MonthlyOverdue = "duty.monthly.overdue";
    public const string MonthlyDueSoon = "duty.monthly.dueSoon";
    public const string MaintenanceOverdue = "duty.maintenance.overdue";
    public const string MaintenanceDueSoon = "duty.maintenance.dueSoon";
    public const string QuarterlyOverdue = "duty.quarterly.overdue";
    public const string QuarterlyDueSoon = "duty.quarterly.dueSoon";
    public const string HalfYearOverdue = "duty.halfYear.overdue";
    public const string HalfYearDueSoon = "duty.halfYear.dueSoon";
    public const string YearlyOverdue = "duty.yearly.overdue";
    public const string YearlyDueSoon = "duty.yearly.dueSoon";

    /// <summary>Elevators whose last maintenance visit lacked items its type requires.</summary>
    public const string MaintenanceIncomplete = "duty.maintenance.incomplete";

    public const string TicketsOpen = "tickets.open";
    public const string TicketsOverdueYellow = "tickets.overdue.yellow";
    public const string TicketsOverdueRed = "tickets.overdue.red";
    public const string TicketsOverdueUrgent = "tickets.overdue.urgent";

    public const string ParkingCapacity = "parking.capacity";
    public const string ParkingOccupied = "parking.occupied";
    public const string ParkingNightFreeBerths = "parking.nightFree.berths";
    public const string ParkingNightFreeAvailable = "parking.nightFree.available";
    public const string ParkingSensorsUnhealthy = "parking.sensors.unhealthy";
}
