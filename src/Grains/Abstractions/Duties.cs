using CommandCenter.Grains.City;
using CommandCenter.Protocol;
using Orleans.Concurrency;

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

/// <summary>
/// The last maintenance visit of an elevator, checked against the item list: <see cref="MissingItems"/> are
/// the ids its type requires that it did not list (empty when complete). An incomplete visit is kept and
/// shown; it counts only for the cycles whose items it does cover.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record MaintenanceVisit(
    [property: Id(0)] MaintenanceType Type,
    [property: Id(1)] DateTimeOffset FinishedAt,
    [property: Id(2)] string Technician,
    [property: Id(3)] string FirmId,
    [property: Id(4)] IReadOnlyList<string> MissingItems)
{
    public bool Complete => MissingItems.Count == 0;
}

/// <summary>
/// The duties of one elevator: daily, weekly, and the four maintenance cycles (<see cref="Maintenance"/> is
/// the 15-day one), the last visit, and the serious hazards that stopped it.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ElevatorDuties(
    [property: Id(0)] string ElevatorId,
    [property: Id(1)] DutyStanding Daily,
    [property: Id(2)] DutyStanding Weekly,
    [property: Id(3)] DutyStanding Maintenance,
    [property: Id(4)] IReadOnlyList<Hazard> OpenSeriousHazards,
    [property: Id(5)] string? HazardTicketId,
    [property: Id(6)] DutyStanding QuarterlyMaintenance,
    [property: Id(7)] DutyStanding HalfYearMaintenance,
    [property: Id(8)] DutyStanding YearlyMaintenance,
    [property: Id(9)] MaintenanceVisit? LastMaintenance);

/// <summary>
/// 日管控 / 周排查 / 月调度 / maintenance of every elevator the city file places in one grid and every user
/// unit counted there (key: grid id, or <see cref="GridDuties.Unplaced"/> for those the city file lacks).
/// Each member is tracked from the moment the grid first sees it in the city file, whether or not anyone
/// files, so a city where nobody files turns overdue on schedule without a grain per elevator. Statuses
/// change with time alone, so the grain schedules a deadline at the next instant one turns; it reports the
/// grid's totals to the grid's rollup on every change and on <see cref="RefreshAsync"/>.
/// </summary>
public interface IGridDutiesGrain : IGrainWithStringKey, IDeadlineTarget
{
    Task RecordDailyAsync(DailyCheckRecord record);

    /// <summary>A serious hazard not yet fixed stops the lift and opens a work order.</summary>
    Task RecordWeeklyAsync(WeeklyInvestigationRecord record);

    /// <summary>Checks the items against the item list; an incomplete visit is kept and flagged.</summary>
    Task RecordMaintenanceAsync(MaintenanceRecord record);

    Task RecordMonthlyAsync(MonthlySchedulingRecord record);

    /// <summary>An elevator's duties; one the grid does not track yet reads as tracked from now.</summary>
    [ReadOnly]
    Task<ElevatorDuties> GetElevatorAsync(string elevatorId);

    /// <summary>A user unit's monthly minutes (月调度).</summary>
    [ReadOnly]
    Task<DutyStanding> GetUnitAsync(string unitId);

    /// <summary>Takes in who the city file now places in the grid and sends the grid's totals again, changed or not.</summary>
    Task RefreshAsync();
}

/// <summary>Which <see cref="IGridDutiesGrain"/> keeps the duties of an elevator or a unit.</summary>
public static class GridDuties
{
    /// <summary>The key of the grain for elevators and units the city file does not place: tracked, but in no rollup.</summary>
    public const string Unplaced = "(unplaced)";

    public static IGridDutiesGrain OfElevator(IGrainFactory grains, IElevatorPlaces places, string elevatorId) =>
        grains.GetGrain<IGridDutiesGrain>(places.ContextOf(elevatorId)?.GridId ?? Unplaced);

    public static IGridDutiesGrain OfUnit(IGrainFactory grains, IElevatorPlaces places, string unitId) =>
        grains.GetGrain<IGridDutiesGrain>(places.GridOfUnit(unitId) ?? Unplaced);
}
