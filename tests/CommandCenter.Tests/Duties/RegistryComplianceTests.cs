using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Testing;
using CommandCenter.Tests.Grains;
using Shouldly;

namespace CommandCenter.Tests.Duties;

/// <summary>
/// Every elevator and user unit of the city file is tracked from start-up, whether or not anything was ever
/// filed for it or touched its grain, and the rollups are whole again after their grains are lost.
/// </summary>
public sealed class RegistryComplianceTests(DutyCityFixture fixture) : IClassFixture<DutyCityFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private static int Elevators => DutyCityFixture.City.Summary.Elevators;

    private static int Units => DutyCityFixture.City.Topology.Elevators.Select(e => e.UserUnitId).Distinct().Count();

    private IAreaGrain CityArea => fixture.Client.GetGrain<IAreaGrain>(AreaKeys.City);

    [Fact]
    public async Task CityWhereNobodyFiles_FromStartUp_EveryElevatorAndUnitIsTrackedAndTurnsOverdueOnSchedule()
    {
        await fixture.Refresher.RefreshOnceAsync(TestContext.Current.CancellationToken);

        await CityReachesAsync("every elevator and unit tracked, nothing overdue yet", stats =>
            stats[AreaMetrics.DutyElevators] == Elevators && stats[AreaMetrics.DutyUnits] == Units && stats[AreaMetrics.DailyOverdue] == 0);

        // The first local midnight ends a day nobody checked.
        await fixture.MoveToAndSweepAsync(new DateTimeOffset(2026, 11, 26, 0, 0, 1, Beijing));
        await CityReachesAsync("every daily check overdue", stats => stats[AreaMetrics.DailyOverdue] == Elevators && stats[AreaMetrics.MonthlyOverdue] == 0);

        // The month ends without minutes.
        await fixture.MoveToAndSweepAsync(new DateTimeOffset(2026, 12, 1, 0, 0, 1, Beijing));
        await CityReachesAsync("every unit's minutes overdue", stats => stats[AreaMetrics.MonthlyOverdue] == Units);

        // Fifteen days after tracking started, nobody maintained anything.
        await fixture.MoveToAndSweepAsync(DutyCityFixture.Start.AddDays(15));
        await CityReachesAsync("every 15-day maintenance overdue", stats => stats[AreaMetrics.MaintenanceOverdue] == Elevators);

        // The longer cycles turn due soon, then overdue, on theirs.
        await fixture.MoveToAndSweepAsync(DutyCityFixture.Start.AddDays(91 - 3));
        await CityReachesAsync("every quarterly maintenance due soon", stats =>
            stats[AreaMetrics.QuarterlyDueSoon] == Elevators && stats[AreaMetrics.QuarterlyOverdue] == 0);
        await fixture.MoveToAndSweepAsync(DutyCityFixture.Start.AddDays(91));
        await CityReachesAsync("every quarterly maintenance overdue", stats => stats[AreaMetrics.QuarterlyOverdue] == Elevators);
        await fixture.MoveToAndSweepAsync(DutyCityFixture.Start.AddDays(365));
        await CityReachesAsync("every half-yearly and yearly maintenance overdue", stats =>
            stats[AreaMetrics.HalfYearOverdue] == Elevators && stats[AreaMetrics.YearlyOverdue] == Elevators);
    }

    [Fact]
    public async Task Rollups_AreasAndDutyGrainsLost_AreWholeAgainAfterOneRefresh()
    {
        await fixture.Refresher.RefreshOnceAsync(TestContext.Current.CancellationToken);
        var before = await CityReachesAsync("every elevator tracked", stats => stats[AreaMetrics.DutyElevators] == Elevators);

        // As a lost silo would: every area forgets its sums, every grid's duties its memory.
        foreach (var area in DutyCityFixture.City.Areas)
        {
            await Activations.DeactivateAsync(fixture.Client.GetGrain<IAreaGrain>(area.Key));
        }

        foreach (var grid in DutyCityFixture.City.GridIds)
        {
            await Activations.DeactivateAsync(fixture.Client.GetGrain<IGridDutiesGrain>(grid));
        }

        await fixture.Refresher.RefreshOnceAsync(TestContext.Current.CancellationToken);

        await CityReachesAsync("the city's totals as before the loss", stats => stats.SameAs(before));
    }

    private Task<AreaStats> CityReachesAsync(string what, Func<AreaStats, bool> holds) =>
        Eventually.ValueAsync(async () => await CityArea.GetStatsAsync() is var stats && holds(stats) ? stats : null, Patience, $"the city's rollup: {what}");
}
