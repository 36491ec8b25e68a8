using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommandCenter.TelemetryIngest.Storage;

/// <summary>
/// Batches points and writes them to the time-series store. While the store is unreachable the
/// current batch is retried with back-off and new points wait in a bounded buffer, so ingest slows
/// down instead of dropping anything.
/// </summary>
public sealed class TimeSeriesWriter : BackgroundService
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    private readonly ITimeSeriesStore _store;
    private readonly InfluxOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<TimeSeriesWriter> _logger;
    private readonly Channel<string> _buffer;
    private long _pointsWritten;
    private long _pending;

    public TimeSeriesWriter(ITimeSeriesStore store, IOptions<InfluxOptions> options, TimeProvider time, ILogger<TimeSeriesWriter> logger)
    {
        _store = store;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _buffer = Channel.CreateBounded<string>(new BoundedChannelOptions(_options.BufferCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public long PointsWritten => Interlocked.Read(ref _pointsWritten);

    public long PendingPoints => Interlocked.Read(ref _pending);

    /// <summary>False from the first failed write until the next successful one.</summary>
    public bool IsStoreReachable { get; private set; } = true;

    public async ValueTask EnqueueAsync(string line, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _pending);
        await _buffer.Writer.WriteAsync(line, cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RetryUntilDoneAsync(_store.EnsureReadyAsync, "prepare the database", stoppingToken);
        _logger.LogInformation(
            "Writing time series to {Url} database {Database} in batches of up to {BatchSize} points every {Interval}",
            _options.Url, _options.Database, _options.BatchSize, _options.FlushInterval);

        var batch = new List<string>(_options.BatchSize);
        while (await _buffer.Reader.WaitToReadAsync(stoppingToken))
        {
            await FillBatchAsync(batch, stoppingToken);
            await RetryUntilDoneAsync(ct => _store.WriteAsync(batch, ct), $"write {batch.Count} points", stoppingToken);
            Interlocked.Add(ref _pointsWritten, batch.Count);
            Interlocked.Add(ref _pending, -batch.Count);
            batch.Clear();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _buffer.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private async Task FillBatchAsync(List<string> batch, CancellationToken stoppingToken)
    {
        using var window = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        window.CancelAfter(_options.FlushInterval);
        try
        {
            while (batch.Count < _options.BatchSize)
            {
                while (batch.Count < _options.BatchSize && _buffer.Reader.TryRead(out var line))
                {
                    batch.Add(line);
                }

                if (batch.Count < _options.BatchSize && !await _buffer.Reader.WaitToReadAsync(window.Token))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // The flush interval ended: write what we have.
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
                    _logger.LogInformation("InfluxDB is reachable again; resumed writing");
                }

                IsStoreReachable = true;
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
            {
                if (IsStoreReachable)
                {
                    _logger.LogWarning(
                        "InfluxDB could not {What}: {Error}. Holding {Pending} points and retrying",
                        what, ex.Message, PendingPoints);
                }

                IsStoreReachable = false;
                await Task.Delay(delay, _time, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }
}
