using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommandCenter.Grains.Duties;

/// <summary>What one elevator has filed: only what today's standings need, so a grid's state stays small.</summary>
[GenerateSerializer]
public sealed class ElevatorDutyFacts
{
    [Id(0)]
    public DateTimeOffset TrackingSince { get; set; }

    /// <summary>Local days with a daily check; only today and yesterday decide, the rest is slack for late records.</summary>
    [Id(1)]
    public SortedSet<DateOnly> DailyDays { get; set; } = [];

    [Id(2)]
    public SortedSet<(int Year, int Week)> Weeks { get; set; } = [];

    [Id(3)]
    public DateTimeOffset? LastDailyAt { get; set; }

    [Id(4)]
    public DateTimeOffset? LastWeeklyAt { get; set; }

    /// <summary>Per maintenance cycle, when the last visit that covered all its items finished.</summary>
    [Id(5)]
    public Dictionary<MaintenanceType, DateTimeOffset> LastMaintained { get; set; } = [];

    [Id(6)]
    public MaintenanceVisit? LastVisit { get; set; }

    [Id(7)]
    public List<Hazard> OpenSeriousHazards { get; set; } = [];

    /// <summary>The work order opened for the open serious hazards, so a repeated report opens no second one.</summary>
    [Id(8)]
    public string? HazardTicketId { get; set; }

    /// <summary>
    /// The weekly record the open hazards and the stop come from, as (year, ISO week, record time);
    /// a record that sorts before it arrived late and must not undo it. Null before the first one.
    /// </summary>
    [Id(9)]
    public (int Year, int Week, DateTimeOffset Ts)? HazardsAsOf { get; set; }
}

/// <summary>What one user unit has filed.</summary>
[GenerateSerializer]
public sealed class UnitDutyFacts
{
    [Id(0)]
    public DateTimeOffset TrackingSince { get; set; }

    [Id(1)]
    public SortedSet<(int Year, int Month)> Months { get; set; } = [];

    [Id(2)]
    public DateTimeOffset? LastMonthlyAt { get; set; }
}

[GenerateSerializer]
public sealed class GridDutiesState
{
    [Id(0)]
    public Dictionary<string, ElevatorDutyFacts> Elevators { get; set; } = new(StringComparer.Ordinal);

    [Id(1)]
    public Dictionary<string, UnitDutyFacts> Units { get; set; } = new(StringComparer.Ordinal);
}

public sealed class GridDutiesGrain(
    [PersistentState("gridDuties", StorageNames.Grains)] IPersistentState<GridDutiesState> state,
    IOptions<DutyOptions> options,
    MaintenanceItems items,
    IElevatorPlaces city,
    IElevatorHistory history,
    CityClock time,
    ILogger<GridDutiesGrain> logger) : Grain, IGridDutiesGrain
{
    // Slack for records that arrive late or out of order; the standings look one period back at most.
    private const int DaysKept = 7;
    private const int WeeksKept = 3;
    private const int MonthsKept = 3;

    private static readonly MaintenanceType[] Cycles = Enum.GetValues<MaintenanceType>();

    private readonly DutyCalendar _calendar = new(options.Value);
    private AreaStats? _reported;

    private string Key => this.GetPrimaryKeyString();

    /// <summary>Only a grid of the city file has members to take in and a rollup to report to.</summary>
    private bool Placed => Key != GridDuties.Unplaced;

    public override Task OnActivateAsync(CancellationToken cancellationToken) => RefreshAsync();

    public Task RefreshAsync() => SaveAsync(TakeInMembers(), evenIfUnchanged: true);

    public Task OnDeadlineAsync() => SaveAsync(false, evenIfUnchanged: false);

    public async Task RecordDailyAsync(DailyCheckRecord record)
    {
        await history.KeepRecordAsync(record, []);
        var facts = Elevator(record.ElevatorId);
        facts.DailyDays.Add(record.Date);
        KeepLatest(facts.DailyDays, DaysKept);
        facts.LastDailyAt = DutyCalendar.Latest(facts.LastDailyAt, record.Ts);
        await SaveAsync(true, evenIfUnchanged: false);
    }

    public async Task RecordWeeklyAsync(WeeklyInvestigationRecord record)
    {
        await history.KeepRecordAsync(record, []);
        var facts = Elevator(record.ElevatorId);
        facts.Weeks.Add((record.Year, record.Week));
        KeepLatest(facts.Weeks, WeeksKept);
        facts.LastWeeklyAt = DutyCalendar.Latest(facts.LastWeeklyAt, record.Ts);
        var asOf = (record.Year, record.Week, record.Ts);
        // Filed late: the week still counts as investigated, but the newer investigation decides the stop.
        if (facts.HazardsAsOf is not { } applied || asOf.CompareTo(applied) >= 0)
        {
            await ApplyHazardsAsync(record, facts);
        }

        await OpenGeneralHazardOrdersAsync(record);
        await SaveAsync(true, evenIfUnchanged: false);
    }

    public async Task RecordMaintenanceAsync(MaintenanceRecord record)
    {
        var missing = items.Missing(record.Type, record.ItemsDone);
        await history.KeepRecordAsync(record, missing);
        var facts = Elevator(record.ElevatorId);
        var visit = new MaintenanceVisit(record.Type, record.FinishedAt, record.Technician, record.FirmId, missing);
        if (facts.LastVisit is not { } last || visit.FinishedAt >= last.FinishedAt)
        {
            facts.LastVisit = visit;
        }

        if (!visit.Complete)
        {
            logger.LogInformation(
                "Maintenance of {Elevator} ({Type}, {FinishedAt:O}) lacks {Count} required items: {Missing}",
                record.ElevatorId, record.Type, record.FinishedAt, visit.MissingItems.Count, string.Join(", ", visit.MissingItems));
        }

        // A visit covers each cycle up to its type whose items it lists in full (a yearly one is also a half-monthly one).
        foreach (var cycle in Cycles.Where(c => c <= record.Type && items.Missing(c, record.ItemsDone).Count == 0))
        {
            facts.LastMaintained[cycle] = DutyCalendar.Latest(facts.LastMaintained.TryGetValue(cycle, out var known) ? known : null, record.FinishedAt);
        }

        await SaveAsync(true, evenIfUnchanged: false);
    }

    public async Task RecordMonthlyAsync(MonthlySchedulingRecord record)
    {
        await history.KeepRecordAsync(record, []);
        var facts = Unit(record.UnitId);
        facts.Months.Add((record.Year, record.Month));
        KeepLatest(facts.Months, MonthsKept);
        facts.LastMonthlyAt = DutyCalendar.Latest(facts.LastMonthlyAt, record.Ts);
        await SaveAsync(true, evenIfUnchanged: false);
    }

    public Task<ElevatorDuties> GetElevatorAsync(string elevatorId)
    {
        var now = time.GetUtcNow();
        var facts = state.State.Elevators.GetValueOrDefault(elevatorId) ?? new ElevatorDutyFacts { TrackingSince = now };
        return Task.FromResult(Compute(elevatorId, facts, now));
    }

    public Task<DutyStanding> GetUnitAsync(string unitId)
    {
        var now = time.GetUtcNow();
        var facts = state.State.Units.GetValueOrDefault(unitId) ?? new UnitDutyFacts { TrackingSince = now };
        return Task.FromResult(Compute(facts, now));
    }

    /// <summary>
    /// Each general hazard still unfixed becomes a work order for the elevator's grid, with the category's fix
    /// deadline; serious ones stop the lift instead (<see cref="ApplyHazardsAsync"/>). Keyed by the record and
    /// the hazard's place in it, so a repeated record opens nothing new.
    /// </summary>
    private async Task OpenGeneralHazardOrdersAsync(WeeklyInvestigationRecord record)
    {
        var id = record.ElevatorId;
        var (grid, target) = WorkOrderPlaceOf(id);
        foreach (var (hazard, index) in record.Hazards.Select((h, i) => (h, i)).Where(p => p.h is { Severity: HazardSeverity.General, Fixed: false }))
        {
            var description = $"{id}: general hazard ({record.Year}-W{record.Week:D2}, {record.Director}): {hazard.Description}";
            var report = new TicketReport(TicketSource.InspectionHazard, TicketCategoryCodes.ElevatorHazardGeneral, description, new TicketLocation(grid, ElevatorId: id), record.Director);
            var key = $"hazard-general/{id}/{record.Year}-W{record.Week:D2}/{record.Ts.UtcTicks}/{index}";
            await Tickets.WorkOrderFiling.OpenAsync(GrainFactory, key, report, target, "general hazard to fix", logger);
        }
    }

    private async Task ApplyHazardsAsync(WeeklyInvestigationRecord record, ElevatorDutyFacts facts)
    {
        var id = record.ElevatorId;
        facts.HazardsAsOf = (record.Year, record.Week, record.Ts);
        facts.OpenSeriousHazards = [.. record.Hazards.Where(h => h.Severity == HazardSeverity.Serious && !h.Fixed)];
        var stop = facts.OpenSeriousHazards.Count == 0
            ? null
            : $"serious hazard ({record.Year}-W{record.Week:D2}, {record.Director}): {string.Join("; ", facts.OpenSeriousHazards.Select(h => h.Description))}";
        await GrainFactory.GetGrain<IElevatorGrain>(id).SetHazardStopAsync(stop);
        if (stop is null)
        {
            facts.HazardTicketId = null;
        }
        else if (facts.HazardTicketId is null)
        {
            var (grid, target) = WorkOrderPlaceOf(id);
            var report = new TicketReport(TicketSource.InspectionHazard, TicketCategoryCodes.ElevatorHazardSerious, $"{id}: {stop}", new TicketLocation(grid, ElevatorId: id), record.Director);
            // Keyed by the record: a retry of it after a crash before the save finds the order it opened.
            var key = $"hazard/{id}/{record.Year}-W{record.Week:D2}/{record.Ts.UtcTicks}";
            facts.HazardTicketId = await Tickets.WorkOrderFiling.OpenAsync(GrainFactory, key, report, target, "lift stopped for a serious hazard", logger);
        }
    }

    /// <summary>A hazard's work order is for the elevator's grid (the city's when the city file does not place it).</summary>
    private (string? Grid, TicketArea Target) WorkOrderPlaceOf(string elevatorId) =>
        city.ContextOf(elevatorId)?.GridId is { } grid ? (grid, new TicketArea(TicketAreaLevel.Grid, grid)) : (null, TicketArea.City);

    private ElevatorDuties Compute(string elevatorId, ElevatorDutyFacts facts, DateTimeOffset now)
    {
        var since = facts.TrackingSince;
        DutyStanding Cycle(MaintenanceType cycle) =>
            _calendar.Maintenance(cycle, facts.LastMaintained.TryGetValue(cycle, out var at) ? at : null, since, now);
        return new ElevatorDuties(
            elevatorId,
            _calendar.Daily(facts.DailyDays, facts.LastDailyAt, since, now),
            _calendar.Weekly(facts.Weeks, facts.LastWeeklyAt, since, now),
            Cycle(MaintenanceType.HalfMonth),
            facts.OpenSeriousHazards,
            facts.HazardTicketId,
            Cycle(MaintenanceType.Quarterly),
            Cycle(MaintenanceType.HalfYear),
            Cycle(MaintenanceType.Yearly),
            facts.LastVisit);
    }

    private DutyStanding Compute(UnitDutyFacts facts, DateTimeOffset now) =>
        _calendar.Monthly(facts.Months, facts.LastMonthlyAt, facts.TrackingSince, now);

    private ElevatorDutyFacts Elevator(string id) =>
        state.State.Elevators.TryGetValue(id, out var facts) ? facts : state.State.Elevators[id] = new ElevatorDutyFacts { TrackingSince = time.GetUtcNow() };

    private UnitDutyFacts Unit(string id) =>
        state.State.Units.TryGetValue(id, out var facts) ? facts : state.State.Units[id] = new UnitDutyFacts { TrackingSince = time.GetUtcNow() };

    /// <summary>
    /// Starts tracking whoever the city file newly places here (from now) and stops tracking whoever it no
    /// longer does. Returns true when the members changed. The unplaced grain's members come from records.
    /// </summary>
    private bool TakeInMembers()
    {
        if (!Placed)
        {
            return false;
        }

        var elevators = city.ElevatorsIn(Key);
        var units = city.UnitsCountedIn(Key);
        var before = (state.State.Elevators.Count, state.State.Units.Count);
        var dropped = state.State.Elevators.Keys.Except(elevators).ToList().Count(state.State.Elevators.Remove)
            + state.State.Units.Keys.Except(units).ToList().Count(state.State.Units.Remove);
        foreach (var id in elevators)
        {
            Elevator(id);
        }

        foreach (var id in units)
        {
            Unit(id);
        }

        return dropped > 0 || before != (state.State.Elevators.Count, state.State.Units.Count);
    }

    /// <summary>Stores the facts when they changed, reports the grid's totals and schedules the next instant a standing turns.</summary>
    private async Task SaveAsync(bool changed, bool evenIfUnchanged)
    {
        if (changed)
        {
            await state.WriteStateAsync();
        }

        var now = time.GetUtcNow();
        var elevators = state.State.Elevators.Select(pair => Compute(pair.Key, pair.Value, now)).ToList();
        var units = state.State.Units.Values.Select(facts => Compute(facts, now)).ToList();
        var standings = elevators
            .SelectMany(d => new[] { d.Daily, d.Weekly, d.Maintenance, d.QuarterlyMaintenance, d.HalfYearMaintenance, d.YearlyMaintenance })
            .Concat(units)
            .ToArray();
        await (standings.Length > 0
            ? Deadlines.ScheduleAsync(GrainFactory, this.GetGrainId(), DutyCalendar.NextChange(now, standings))
            : Deadlines.CancelAsync(GrainFactory, this.GetGrainId()));

        if (!Placed)
        {
            return;
        }

        var totals = Totals(elevators, units);
        if (evenIfUnchanged || _reported is not { } reported || !totals.SameAs(reported))
        {
            // Remembered only once delivered, so a failed report is sent again at the next change or refresh.
            await GrainFactory.GetGrain<IAreaGrain>(AreaKeys.Grid(Key)).ReportAsync("duties", totals);
            _reported = totals;
        }
    }

    private static AreaStats Totals(List<ElevatorDuties> elevators, List<DutyStanding> units)
    {
        long Count(Func<ElevatorDuties, DutyStanding> duty, DutyStatus status) => elevators.Count(d => duty(d).Status == status);
        return AreaStats.Of(
            (AreaMetrics.DutyElevators, elevators.Count),
            (AreaMetrics.DutyUnits, units.Count),
            (AreaMetrics.DailyOverdue, Count(d => d.Daily, DutyStatus.Overdue)),
            (AreaMetrics.DailyDueSoon, Count(d => d.Daily, DutyStatus.DueSoon)),
            (AreaMetrics.WeeklyOverdue, Count(d => d.Weekly, DutyStatus.Overdue)),
            (AreaMetrics.WeeklyDueSoon, Count(d => d.Weekly, DutyStatus.DueSoon)),
            (AreaMetrics.MaintenanceOverdue, Count(d => d.Maintenance, DutyStatus.Overdue)),
            (AreaMetrics.MaintenanceDueSoon, Count(d => d.Maintenance, DutyStatus.DueSoon)),
            (AreaMetrics.QuarterlyOverdue, Count(d => d.QuarterlyMaintenance, DutyStatus.Overdue)),
            (AreaMetrics.QuarterlyDueSoon, Count(d => d.QuarterlyMaintenance, DutyStatus.DueSoon)),
            (AreaMetrics.HalfYearOverdue, Count(d => d.HalfYearMaintenance, DutyStatus.Overdue)),
            (AreaMetrics.HalfYearDueSoon, Count(d => d.HalfYearMaintenance, DutyStatus.DueSoon)),
            (AreaMetrics.YearlyOverdue, Count(d => d.YearlyMaintenance, DutyStatus.Overdue)),
            (AreaMetrics.YearlyDueSoon, Count(d => d.YearlyMaintenance, DutyStatus.DueSoon)),
            (AreaMetrics.MaintenanceIncomplete, elevators.Count(d => d.LastMaintenance is { Complete: false })),
            (AreaMetrics.MonthlyOverdue, units.Count(u => u.Status == DutyStatus.Overdue)),
            (AreaMetrics.MonthlyDueSoon, units.Count(u => u.Status == DutyStatus.DueSoon)));
    }

    private static void KeepLatest<T>(SortedSet<T> periods, int count)
    {
        while (periods.Count > count)
        {
            periods.Remove(periods.Min!);
        }
    }
}
