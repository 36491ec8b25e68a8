using CommandCenter.TelemetryIngest.Journal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommandCenter.TelemetryIngest.Storage;

/// <summary>
/// Moves spooled points to the time-series store in order, in batches. While the store is
/// unreachable the current batch is retried with back-off and new points keep accumulating in the
/// on-disk spool, so nothing is lost across an outage or a restart.
/// </summary>
public sealed class TimeSeriesWriter(
    IngestJournal journal,
    ITimeSeriesStore store,
    IOptions<InfluxOptions> options,
    TimeProvider time,
    ILogger<TimeSeriesWriter> logger) : BackgroundService
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);
    private long _pointsWritten;

    public long PointsWritten => Interlocked.Read(ref _pointsWritten);

    /// <summary>False from the first failed write until the next successful one.</summary>
    public bool IsStoreReachable { get; private set; } = true;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        await RetryUntilDoneAsync(store.EnsureReadyAsync, "prepare the database", stoppingToken);
        logger.LogInformation(
            "Writing time series to {Url} database {Database} in batches of up to {BatchSize} points",
            settings.Url, settings.Database, settings.BatchSize);

        while (!stoppingToken.IsCancellationRequested)
        {
            var batch = await journal.ReadAsync(settings.BatchSize, stoppingToken);
            await RetryUntilDoneAsync(ct => store.WriteAsync(batch.Lines, ct), $"write {batch.Lines.Count} points", stoppingToken);
            journal.Commit(batch);
            Interlocked.Add(ref _pointsWritten, batch.Lines.Count);
            if (batch.Lines.Count < settings.BatchSize)
            {
                // A short batch means the spool is drained: let the next one fill for a moment.
                await Task.Delay(settings.FlushInterval, time, stoppingToken);
            }
        }
    }

    private async Task RetryUntilDoneAsync(Func<CancellationToken, Task> action, string what, CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                await action(stoppingToken);
                if (!IsStoreReachable)
                {
                    logger.LogInformation("InfluxDB is reachable again; resumed writing ({Pending} points spooled)", journal.PendingLines);
                }

                IsStoreReachable = true;
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
            {
                if (IsStoreReachable)
                {
                    logger.LogWarning(
                        "InfluxDB could not {What}: {Error}. Points stay in the spool ({Pending} now) and are retried",
                        what, ex.Message, journal.PendingLines);
                }

                IsStoreReachable = false;
                await Task.Delay(delay, time, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }
}
