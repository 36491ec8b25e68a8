using CommandCenter.Grains.Abstractions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommandCenter.Grains.Scheduling;

/// <summary>
/// Runs on every silo: at start-up and then every sweep interval, asks each index shard for due
/// deadlines and calls their grains. A grain acts on what is due by its own clock and reschedules,
/// so a repeated call (two silos sweeping, a retry) is harmless. A target that throws is
/// retried later with a growing delay (see <see cref="IDeadlineIndexGrain.RetryLaterAsync"/>).
/// </summary>
public sealed class DeadlineSweeper(
    IGrainFactory grains,
    IOptions<DeadlineOptions> options,
    CityClock time,
    ILogger<DeadlineSweeper> logger) : BackgroundService
{
    /// <summary>Deadlines taken from one shard per sweep, so one sweep's work stays bounded.</summary>
    public const int MaxPerShard = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Deadline sweeper running every {Interval}", options.Value.SweepInterval);
        await PeriodicWork.RunAsync(
            options.Value.SweepInterval,
            time,
            async () =>
            {
                var fired = await SweepOnceAsync();
                if (fired > 0)
                {
                    logger.LogDebug("Acted on {Count} due deadlines", fired);
                }
            },
            ex => logger.LogWarning(ex, "Deadline sweep failed; retrying at the next interval"),
            stoppingToken);
    }

    /// <summary>One pass over every shard; returns how many deadlines were acted on.</summary>
    public async Task<int> SweepOnceAsync()
    {
        var now = time.GetUtcNow();
        var due = await Task.WhenAll(Enumerable.Range(0, Deadlines.Shards)
            .Select(shard => Deadlines.Shard(grains, shard).GetDueAsync(now, MaxPerShard)));
        var deadlines = due.SelectMany(entries => entries).ToList();
        await Task.WhenAll(deadlines.Select(deadline => FireAsync(deadline, now)));
        return deadlines.Count;
    }

    private async Task FireAsync(DueDeadline deadline, DateTimeOffset now)
    {
        try
        {
            await grains.GetGrain(deadline.Target).AsReference<IDeadlineTarget>().OnDeadlineAsync();
        }
        catch (Exception ex)
        {
            // Left due, a failing target would be called every sweep and, being the oldest, fill the
            // per-shard limit ahead of every fresh deadline; it backs off instead, warned once per streak.
            var failures = await RetryLaterOrZeroAsync(deadline, now);
            if (failures <= 1)
            {
                logger.LogWarning(ex, "Deadline of {Target} could not be acted on; retrying with growing delays", deadline.Target);
            }
            else
            {
                logger.LogDebug(ex, "Deadline of {Target} failed again ({Failures} in a row)", deadline.Target, failures);
            }
        }
    }

    private async Task<int> RetryLaterOrZeroAsync(DueDeadline deadline, DateTimeOffset now)
    {
        try
        {
            return await Deadlines.ShardOf(grains, deadline.Target).RetryLaterAsync(deadline, now);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not postpone the failed deadline of {Target}; it stays due", deadline.Target);
            return 0;
        }
    }
}
