using CommandCenter.Grains.Abstractions;
using CommandCenter.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using CommandCenter.Grains.City;

namespace CommandCenter.Grains.Duties;

[GenerateSerializer]
public sealed class ElevatorDutiesState
{
    [Id(0)]
    public DateTimeOffset? TrackingSince { get; set; }

    /// <summary>Days with a daily check (the last few weeks are enough to judge).</summary>
    [Id(1)]
    public SortedSet<DateOnly> DailyDays { get; set; } = [];

    [Id(2)]
    public HashSet<(int Year, int Week)> Weeks { get; set; } = [];

    [Id(3)]
    public DateTimeOffset? LastDailyAt { get; set; }

    [Id(4)]
    public DateTimeOffset? LastWeeklyAt { get; set; }

    [Id(5)]
    public DateTimeOffset? LastMaintenanceAt { get; set; }

    [Id(6)]
    public List<Hazard> OpenSeriousHazards { get; set; } = [];

    /// <summary>The work order opened for the open serious hazards, so a repeated report opens no second one.</summary>
    [Id(7)]
    public string? HazardTicketId { get; set; }

    /// <summary>
    /// The weekly record the open hazards and the stop come from, as (year, ISO week, record time);
    /// a record that sorts before it arrived late and must not undo it. Null before the first one.
    /// </summary>
    [Id(8)]
    public (int Year, int Week, DateTimeOffset Ts)? HazardsAsOf { get; set; }
}

public sealed class ElevatorDutiesGrain(
    [PersistentState("duties", StorageNames.Grains)] IPersistentState<ElevatorDutiesState> state,
    IOptions<DutyOptions> options,
    IElevatorPlaces city,
    CityClock time,
    ILogger<ElevatorDutiesGrain> logger) : Grain, IElevatorDutiesGrain
{
    private const int DaysKept = 60;
    private readonly DutyCalendar _calendar = new(options.Value);
    private AreaStats _reported = AreaStats.Empty;

    private string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.TrackingSince is null)
        {
            state.State.TrackingSince = time.GetUtcNow();
            await state.WriteStateAsync(cancellationToken);
        }

        await RefreshAsync();
    }

    public async Task RecordDailyAsync(DailyCheckRecord record)
    {
        state.State.DailyDays.Add(record.Date);
        while (state.State.DailyDays.Count > DaysKept)
        {
            state.State.DailyDays.Remove(state.State.DailyDays.Min);
        }

        state.State.LastDailyAt = DutyCalendar.Latest(state.State.LastDailyAt, record.Ts);
        await SaveAsync();
    }

    public async Task RecordWeeklyAsync(WeeklyInvestigationRecord record)
    {
        state.State.Weeks.Add((record.Year, record.Week));
        state.State.LastWeeklyAt = DutyCalendar.Latest(state.State.LastWeeklyAt, record.Ts);
        var asOf = (record.Year, record.Week, record.Ts);
        if (state.State.HazardsAsOf is { } applied && asOf.CompareTo(applied) < 0)
        {
            // Filed late: the week still counts as investigated, but the newer investigation decides the stop.
            await SaveAsync();
            return;
        }

        state.State.HazardsAsOf = asOf;
        state.State.OpenSeriousHazards = [.. record.Hazards.Where(h => h.Severity == HazardSeverity.Serious && !h.Fixed)];
        var stop = state.State.OpenSeriousHazards.Count == 0
            ? null
            : $"serious hazard ({record.Year}-W{record.Week:D2}, {record.Director}): {string.Join("; ", state.State.OpenSeriousHazards.Select(h => h.Description))}";
        await GrainFactory.GetGrain<IElevatorGrain>(Id).SetHazardStopAsync(stop);
        if (stop is null)
        {
            state.State.HazardTicketId = null;
        }
        else if (state.State.HazardTicketId is null)
        {
            var grid = city.ContextOf(Id)?.GridId;
            var report = new TicketReport(TicketSource.InspectionHazard, TicketCategoryCodes.ElevatorHazardSerious, $"{Id}: {stop}", new TicketLocation(grid), record.Director);
            var target = grid is null ? TicketArea.City : new TicketArea(TicketAreaLevel.Grid, grid);
            // Keyed by the record: a retry of it after a crash before the save below finds the order it opened.
            var key = $"hazard/{Id}/{record.Year}-W{record.Week:D2}/{record.Ts.UtcTicks}";
            state.State.HazardTicketId = await Tickets.WorkOrderFiling.OpenAsync(GrainFactory, key, report, target, "lift stopped for a serious hazard", logger);
        }

        await SaveAsync();
    }

    public async Task RecordMaintenanceAsync(MaintenanceRecord record)
    {
        state.State.LastMaintenanceAt = DutyCalendar.Latest(state.State.LastMaintenanceAt, record.FinishedAt);
        await SaveAsync();
    }

    public Task<ElevatorDuties> GetAsync() => Task.FromResult(Compute(time.GetUtcNow()));

    public Task OnDeadlineAsync() => RefreshAsync();

    private ElevatorDuties Compute(DateTimeOffset now)
    {
        var since = state.State.TrackingSince ?? now;
        return new ElevatorDuties(
            Id,
            _calendar.Daily(state.State.DailyDays, state.State.LastDailyAt, since, now),
            _calendar.Weekly(state.State.Weeks, state.State.LastWeeklyAt, since, now),
            _calendar.Maintenance(state.State.LastMaintenanceAt, since, now),
            state.State.OpenSeriousHazards,
            state.State.HazardTicketId);
    }

    private async Task SaveAsync()
    {
        await state.WriteStateAsync();
        await RefreshAsync();
    }

    /// <summary>Reports the standings to the grid and schedules the next instant they can change.</summary>
    private async Task RefreshAsync()
    {
        var now = time.GetUtcNow();
        var duties = Compute(now);
        await Deadlines.ScheduleAsync(GrainFactory, this.GetGrainId(), DutyCalendar.NextChange(now, duties.Daily, duties.Weekly, duties.Maintenance));
        if (city.ContextOf(Id)?.GridId is not { } grid)
        {
            return;
        }

        var contribution = AreaStats.Of(
            (AreaMetrics.DailyOverdue, duties.Daily.Status == DutyStatus.Overdue ? 1 : 0),
            (AreaMetrics.DailyDueSoon, duties.Daily.Status == DutyStatus.DueSoon ? 1 : 0),
            (AreaMetrics.WeeklyOverdue, duties.Weekly.Status == DutyStatus.Overdue ? 1 : 0),
            (AreaMetrics.WeeklyDueSoon, duties.Weekly.Status == DutyStatus.DueSoon ? 1 : 0),
            (AreaMetrics.MaintenanceOverdue, duties.Maintenance.Status == DutyStatus.Overdue ? 1 : 0),
            (AreaMetrics.MaintenanceDueSoon, duties.Maintenance.Status == DutyStatus.DueSoon ? 1 : 0));
        if (!contribution.SameAs(_reported))
        {
            // Remembered only once delivered, so a failed report is sent again at the next change.
            await GrainFactory.GetGrain<IAreaGrain>(AreaKeys.Grid(grid)).ReportAsync($"{Id}/duties", contribution);
            _reported = contribution;
        }
    }
}
