using CommandCenter.Grains.Abstractions;
using CommandCenter.Protocol;
using Microsoft.Extensions.Options;
using CommandCenter.Grains.City;

namespace CommandCenter.Grains.Duties;

[GenerateSerializer]
public sealed class UnitDutiesState
{
    [Id(0)]
    public DateTimeOffset? TrackingSince { get; set; }

    [Id(1)]
    public HashSet<(int Year, int Month)> Months { get; set; } = [];

    [Id(2)]
    public DateTimeOffset? LastMonthlyAt { get; set; }
}

/// <summary>月调度 of one user unit; counted in the grid of the unit's elevators.</summary>
public sealed class UnitDutiesGrain(
    [PersistentState("unitDuties", StorageNames.Grains)] IPersistentState<UnitDutiesState> state,
    IOptions<DutyOptions> options,
    IElevatorPlaces city,
    CityClock time) : Grain, IUnitDutiesGrain
{
    private readonly DutyCalendar _calendar = new(options.Value);
    private AreaStats _reported = AreaStats.Empty;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.TrackingSince is null)
        {
            state.State.TrackingSince = time.GetUtcNow();
            await state.WriteStateAsync(cancellationToken);
        }

        await RefreshAsync();
    }

    public async Task RecordMonthlyAsync(MonthlySchedulingRecord record)
    {
        state.State.Months.Add((record.Year, record.Month));
        state.State.LastMonthlyAt = DutyCalendar.Latest(state.State.LastMonthlyAt, record.Ts);
        await state.WriteStateAsync();
        await RefreshAsync();
    }

    public Task<DutyStanding> GetAsync() => Task.FromResult(Compute(time.GetUtcNow()));

    public Task OnDeadlineAsync() => RefreshAsync();

    private DutyStanding Compute(DateTimeOffset now) =>
        _calendar.Monthly(state.State.Months, state.State.LastMonthlyAt, state.State.TrackingSince ?? now, now);

    private async Task RefreshAsync()
    {
        var now = time.GetUtcNow();
        var standing = Compute(now);
        await Deadlines.ScheduleAsync(GrainFactory, this.GetGrainId(), DutyCalendar.NextChange(now, standing));
        if (city.GridOfUnit(this.GetPrimaryKeyString()) is not { } grid)
        {
            return;
        }

        var contribution = AreaStats.Of(
            (AreaMetrics.MonthlyOverdue, standing.Status == DutyStatus.Overdue ? 1 : 0),
            (AreaMetrics.MonthlyDueSoon, standing.Status == DutyStatus.DueSoon ? 1 : 0));
        if (!contribution.SameAs(_reported))
        {
            // Remembered only once delivered, so a failed report is sent again at the next change.
            await GrainFactory.GetGrain<IAreaGrain>(AreaKeys.Grid(grid)).ReportAsync($"unit/{this.GetPrimaryKeyString()}/duties", contribution);
            _reported = contribution;
        }
    }
}
