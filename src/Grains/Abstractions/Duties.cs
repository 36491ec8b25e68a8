using CommandCenter.Protocol;

namespace CommandCenter.Grains.Abstractions;

/// <summary>The three states apps and the wall show (正常 / 提示 / 逾期).</summary>
public enum DutyStatus
{
    Normal,
    DueSoon,
    Overdue,
}

/// <summary>One duty's standing: status, the last record, and when the current period turns due soon and is due.</summary>
[GenerateSerializer, Immutable]
public sealed record DutyStanding(
    [property: Id(0)] DutyStatus Status,
    [property: Id(1)] DateTimeOffset? LastFiledAt,
    [property: Id(2)] DateTimeOffset DueSoonFrom,
    [property: Id(3)] DateTimeOffset DueAt,
    [property: Id(4)] string Period);

/// <summary>The daily, weekly and maintenance duties of one elevator.</summary>
[GenerateSerializer, Immutable]
public sealed record ElevatorDuties(
    [property: Id(0)] string ElevatorId,
    [property: Id(1)] DutyStanding Daily,
    [property: Id(2)] DutyStanding Weekly,
    [property: Id(3)] DutyStanding Maintenance,
    [property: Id(4)] IReadOnlyList<Hazard> OpenSeriousHazards,
    [property: Id(5)] string? HazardTicketId);

/// <summary>
/// 日管控 / 周排查 / maintenance of one elevator (key: elevator id). Statuses change with time alone,
/// so the grain schedules a deadline at the next instant a status turns.
/// </summary>
public interface IElevatorDutiesGrain : IGrainWithStringKey, IDeadlineTarget
{
    Task RecordDailyAsync(DailyCheckRecord record);

    /// <summary>A serious hazard not yet fixed stops the lift and opens a work order.</summary>
    Task RecordWeeklyAsync(WeeklyInvestigationRecord record);

    Task RecordMaintenanceAsync(MaintenanceRecord record);

    Task<ElevatorDuties> GetAsync();
}

/// <summary>月调度 of one user unit (key: unit id).</summary>
public interface IUnitDutiesGrain : IGrainWithStringKey, IDeadlineTarget
{
    Task RecordMonthlyAsync(MonthlySchedulingRecord record);

    Task<DutyStanding> GetAsync();
}
