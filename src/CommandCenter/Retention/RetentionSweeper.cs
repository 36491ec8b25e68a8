using CommandCenter.Grains;

namespace CommandCenter.Retention;

/// <summary>
/// Runs every store's <see cref="IRetentionSweep"/> at start, then every <see cref="Interval"/>, on
/// <see cref="TimeProvider"/> time, and records each in <see cref="RetentionStatus"/>. One store failing does not
/// stop the others. In a cluster every silo sweeps; a batch that finds its rows already gone removes nothing.
/// </summary>
public sealed class RetentionSweeper(
    IEnumerable<IRetentionSweep> sweeps, RetentionStatus status, TimeProvider time, ILogger<RetentionSweeper> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>Most rows one delete statement removes, so no sweep holds a store for long.</summary>
    public const int BatchSize = 1000;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => PeriodicWork.RunAsync(
        Interval,
        time,
        () => SweepAllAsync(stoppingToken),
        ex => logger.LogError(ex, "Retention sweep failed; next try in {Interval}", Interval),
        stoppingToken);

    /// <summary>Runs <paramref name="deleteBatch"/> (which removes at most <see cref="BatchSize"/>) until a batch comes back short.</summary>
    public static async Task<long> DeleteInBatchesAsync(Func<Task<int>> deleteBatch, CancellationToken cancellationToken)
    {
        long removed = 0;
        int batch;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            batch = await deleteBatch();
            removed += batch;
        }
        while (batch == BatchSize);

        return removed;
    }

    public async Task SweepAllAsync(CancellationToken cancellationToken)
    {
        // The first round runs from StartAsync: let the host finish starting first.
        await Task.Yield();
        foreach (var sweep in sweeps)
        {
            var setting = sweep.Setting;
            var cutoff = time.GetUtcNow() - setting.Keep;
            try
            {
                if (await sweep.SweepAsync(cutoff, cancellationToken) is not { } result)
                {
                    status.Forget(setting.Store);
                    continue;
                }

                status.Swept(new StoreRetention(setting.Store, setting.Key, setting.Keep, result.OldestKept, time.GetUtcNow(), result.Removed));
                if (result.Removed > 0)
                {
                    logger.LogInformation(
                        "Retention: removed {Count} items older than {Cutoff:O} from {Store} ({Setting} = {Keep})",
                        result.Removed, cutoff, setting.Store, setting.Key, setting.Keep);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                status.Failed(setting, time.GetUtcNow());
                logger.LogWarning(ex, "Retention sweep of {Store} failed; next try in {Interval}", setting.Store, Interval);
            }
        }
    }
}
