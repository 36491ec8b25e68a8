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
    private long _writeFailures;

    public long PointsWritten => Interlocked.Read(ref _pointsWritten);

    /// <summary>Write attempts InfluxDB did not take: unreachable, timed out, or a batch it refused (then split and retried).</summary>
    public long WriteFailures => Interlocked.Read(ref _writeFailures);

    /// <summary>False from the first failed write until the next successful one.</summary>
    public bool IsStoreReachable { get; private set; } = true;

    /// <summary>When InfluxDB last took a batch; null until the first one in this process.</summary>
    public DateTimeOffset? LastWriteAt { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        await RetryUntilDoneAsync(store.EnsureReadyAsync, "prepare the database", stoppingToken);
        logger.LogInformation(
            "Writing time series to {Url} database {Database} in batches of up to {BatchSize} points",
            settings.Url, settings.Database, settings.BatchSize);

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var batch = await journal.ReadAsync(settings.BatchSize, stoppingToken);
                await WriteSettingAsideRefusedAsync(batch.Lines, stoppingToken);
                journal.Commit(batch);
                if (batch.Lines.Count < settings.BatchSize)
                {
                    // A short batch means the spool is drained: let the next one fill for a moment.
                    await Task.Delay(settings.FlushInterval, time, stoppingToken);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Whatever went wrong, the batch stays in the spool; the writer must outlive it, not stop the host.
                logger.LogError(ex, "Writing the spool to InfluxDB failed unexpectedly; retrying in {Delay}", MaxRetryDelay);
                await Task.Delay(MaxRetryDelay, time, stoppingToken);
            }
        }
    }

    /// <summary>
    /// A batch InfluxDB refuses for its content (400, 413, 422) fails the same way on every retry, so
    /// it is split until the refused points stand alone; those are set aside in the spool folder with
    /// the reason (an acknowledged point is never dropped) and the rest is written.
    /// </summary>
    private async Task WriteSettingAsideRefusedAsync(IReadOnlyList<string> lines, CancellationToken stoppingToken)
    {
        try
        {
            await RetryUntilDoneAsync(ct => store.WriteAsync(lines, ct), $"write {lines.Count} points", stoppingToken);
            Interlocked.Add(ref _pointsWritten, lines.Count);
            LastWriteAt = time.GetUtcNow();
        }
        catch (HttpRequestException ex) when (IsRefusal(ex))
        {
            Interlocked.Increment(ref _writeFailures);
            if (lines.Count == 1)
            {
                var file = journal.SetAsideRefused(lines[0], ex.Message);
                logger.LogError("InfluxDB refused a point ({Error}); kept in {File}", ex.Message, file);
                return;
            }

            var half = lines.Count / 2;
            await WriteSettingAsideRefusedAsync([.. lines.Take(half)], stoppingToken);
            await WriteSettingAsideRefusedAsync([.. lines.Skip(half)], stoppingToken);
        }
    }

    private static bool IsRefusal(HttpRequestException ex) =>
        ex.StatusCode is System.Net.HttpStatusCode.BadRequest or System.Net.HttpStatusCode.RequestEntityTooLarge or System.Net.HttpStatusCode.UnprocessableEntity;

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
            catch (Exception ex) when ((ex is HttpRequestException http ? !IsRefusal(http) : ex is TaskCanceledException) && !stoppingToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref _writeFailures);
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
