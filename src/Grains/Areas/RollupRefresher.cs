using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommandCenter.Grains.Areas;

/// <summary>
/// Runs on every silo: at start-up and then every <see cref="AreaOptions.RefreshInterval"/>, asks each
/// grid's duties (<see cref="IGridDutiesGrain"/>) and each ticket index shard to report to the rollups
/// again. Nothing else wakes them: duties turn overdue with nobody filing, and work orders wait on their
/// desks, so without this a restart or a lost silo would leave those counters empty (elevators and areas
/// re-send theirs on their own timers). Reports replace whole contributions, so two silos refreshing is harmless.
/// </summary>
public sealed class RollupRefresher(
    IGrainFactory grains,
    CityDirectory city,
    IOptions<AreaOptions> options,
    CityClock time,
    ILogger<RollupRefresher> logger) : BackgroundService
{
    /// <summary>Grids refreshed at once: enough to finish a Yinchuan-size city quickly, few enough not to crowd out live traffic.</summary>
    private const int Parallelism = 16;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(
            options.Value.RefreshInterval,
            time,
            () => RefreshOnceAsync(stoppingToken),
            ex => logger.LogWarning(ex, "Refreshing the duty and work-order rollups failed; retrying at the next interval"),
            stoppingToken);

    /// <summary>One pass over every grid's duties and every ticket index shard.</summary>
    public async Task RefreshOnceAsync(CancellationToken cancellationToken = default)
    {
        await Parallel.ForEachAsync(
            city.GridIds,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (grid, _) => await grains.GetGrain<IGridDutiesGrain>(grid).RefreshAsync());
        await Task.WhenAll(TicketIndex.AllShards(grains).Select(shard => shard.RefreshRollupsAsync()));
    }
}
