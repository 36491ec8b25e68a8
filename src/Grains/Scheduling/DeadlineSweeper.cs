using CommandCenter.Grains.Abstractions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommandCenter.Grains.Scheduling;

/// <summary>
/// Runs on every silo: at start-up and then every sweep interval, asks each index shard for due
/// deadlines and calls their grains. A grain acts on what is due by its own clock and reschedules,
/// so a repeated call (two silos sweeping, a retry) is harmless.
/// </summary>
public sealed class DeadlineSweeper(
    IGrainFactory grains,
    IOptions<DeadlineOptions> options,
    CityClock time,
    ILogger<DeadlineSweeper> logger) : BackgroundService
{
    private const int MaxPerShard = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Deadline sweeper running every {Interval}", options.Value.SweepInterval);
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        do
        {
            try
            {
                var fired = await SweepOnceAsync();
                if (fired > 0)
                {
                    logger.LogDebug("Acted on {Count} due deadlines", fired);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Deadline sweep failed; retrying at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass over every shard; returns how many deadlines were acted on.</summary>
    public async Task<int> SweepOnceAsync()
    {
        var now = time.GetUtcNow();
        var due = await Task.WhenAll(Enumerable.Range(0, Deadlines.Shards)
            .Select(shard => Deadlines.Shard(grains, shard).GetDueAsync(now, MaxPerShard)));
        var targets = due.SelectMany(ids => ids).ToList();
        await Task.WhenAll(targets.Select(FireAsync));
        return targets.Count;
    }

    private async Task FireAsync(GrainId target)
    {
        try
        {
            await grains.GetGrain(target).AsReference<IDeadlineTarget>().OnDeadlineAsync();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Deadline of {Target} could not be acted on; it stays due", target);
        }
    }
}
