using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.Areas;
using CommandCenter.Grains.City;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Shouldly;
using CommandCenter.Simulators.City;

namespace CommandCenter.Tests.City;

/// <summary>
/// Its own cluster: the Yinchuan-scale city, loaded from a file the way the command center loads it,
/// on real time so the areas' coalescing timers run by themselves.
/// </summary>
public sealed class YinchuanClusterFixture : IAsyncLifetime
{
    public CityDirectory City { get; private set; } = default!;

    public InProcessTestCluster Cluster { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        var folder = Directory.CreateTempSubdirectory("yinchuan-");
        try
        {
            var path = Path.Combine(folder.FullName, CityTopologyFile.FileName);
            CityTopologyFile.Save(path, CityGenerator.Generate(CityGeneratorOptions.Yinchuan));
            City = new CityDirectory(CityTopologyFile.Load(path));
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        var builder = new InProcessTestClusterBuilder();
        builder.ConfigureSilo((_, silo) => silo.Services
            .AddSingleton(TimeProvider.System)
            .AddSingleton(City)
            .Configure<AreaOptions>(o => o.PushDelay = TimeSpan.FromMilliseconds(50)));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();
}

public sealed class YinchuanRollupTests(YinchuanClusterFixture fixture) : IClassFixture<YinchuanClusterFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private IGrainFactory Grains => fixture.Cluster.Client;

    [Fact]
    public async Task Rollups_EveryElevatorAndLotReported_ChildrenSumToTheirParentAtEveryLevel()
    {
        var city = fixture.City;
        city.Summary.Grids.ShouldBe(4121);
        var elevators = city.Topology.Elevators;
        var lots = city.Topology.Lots;

        await ReportAllAsync(elevators.Select((e, n) => (AreaKeys.Grid(e.GridId), e.Id, ElevatorContribution(running: n % 3 == 0))));
        await ReportAllAsync(lots.Select(l => (AreaKeys.Grid(l.GridId), l.Id, LotContribution(l))));

        var expected = AreaStats.Of(
            (AreaMetrics.Elevators, elevators.Count),
            (AreaMetrics.ElevatorsRunning, (elevators.Count + 2) / 3),
            (AreaMetrics.ParkingCapacity, lots.Sum(l => l.Capacity)),
            (AreaMetrics.ParkingOccupied, lots.Sum(l => l.Capacity / 2)),
            (AreaMetrics.ParkingNightFreeBerths, lots.Sum(l => l.NightFreeBerthSensorIds.Count)));
        await CityTotalReachesAsync(expected);
        await EveryAreaIsTheSumOfItsChildrenAsync();
    }

    [Fact]
    public async Task Rollups_OneElevatorChanges_TheChangeReachesTheCityThroughEveryLevel()
    {
        var elevator = fixture.City.Topology.Elevators[777];
        var grid = fixture.Cluster.Client.GetGrain<IAreaGrain>(AreaKeys.Grid(elevator.GridId));
        var before = await fixture.Cluster.Client.GetGrain<IAreaGrain>(AreaKeys.City).GetStatsAsync();

        await grid.ReportAsync("test-marker", AreaStats.Of(("test.marker", 5)));

        await CityTotalReachesAsync(before.Plus(AreaStats.Of(("test.marker", 5))));
        var district = fixture.City.FindElevator(elevator.Id)!.Place.District.Id;
        (await Grains.GetGrain<IAreaGrain>(AreaKeys.District(district)).GetStatsAsync())["test.marker"].ShouldBe(5);

        await grid.ReportAsync("test-marker", AreaStats.Empty);

        await CityTotalReachesAsync(before);
    }

    private static AreaStats ElevatorContribution(bool running) =>
        AreaStats.Of((AreaMetrics.Elevators, 1), (AreaMetrics.ElevatorsRunning, running ? 1 : 0));

    private static AreaStats LotContribution(ParkingLotInfo lot) => AreaStats.Of(
        (AreaMetrics.ParkingCapacity, lot.Capacity),
        (AreaMetrics.ParkingOccupied, lot.Capacity / 2),
        (AreaMetrics.ParkingNightFreeBerths, lot.NightFreeBerthSensorIds.Count));

    private async Task ReportAllAsync(IEnumerable<(string Area, string Source, AreaStats Contribution)> reports) =>
        await Parallel.ForEachAsync(reports, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (report, _) =>
            await Grains.GetGrain<IAreaGrain>(report.Area).ReportAsync(report.Source, report.Contribution));

    private Task CityTotalReachesAsync(AreaStats expected) =>
        Eventually.TrueAsync(
            async () => (await Grains.GetGrain<IAreaGrain>(AreaKeys.City).GetStatsAsync()).SameAs(expected),
            Deadline,
            $"the city total to become {string.Join(", ", expected.Counters.Select(c => $"{c.Key}={c.Value}"))}");

    private async Task EveryAreaIsTheSumOfItsChildrenAsync()
    {
        var areas = fixture.City.Areas.Where(a => a.Level != AreaLevel.Grid).ToList();
        var stats = new Dictionary<string, AreaStats>(StringComparer.Ordinal);
        foreach (var level in fixture.City.Areas.GroupBy(a => a.Level))
        {
            var totals = await Task.WhenAll(level.Select(a => Grains.GetGrain<IAreaGrain>(a.Key).GetStatsAsync()));
            foreach (var (area, total) in level.Zip(totals))
            {
                stats[area.Key] = total;
            }
        }

        foreach (var area in areas)
        {
            var childSum = area.ChildKeys.Aggregate(AreaStats.Empty, (sum, child) => sum.Plus(stats[child]));
            stats[area.Key].SameAs(childSum).ShouldBeTrue($"{area.Key} ({area.Name}) is not the sum of its {area.ChildKeys.Count} children");
            var contributions = await Grains.GetGrain<IAreaGrain>(area.Key).GetContributionsAsync();
            // Areas without elevators or lots (many villages) never report, so a parent may hold fewer parts than children.
            contributions.Keys.ShouldBeSubsetOf(area.ChildKeys, $"{area.Key} holds a part from a non-child");
        }
    }
}
