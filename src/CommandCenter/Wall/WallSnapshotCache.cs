using System.Collections.Immutable;
using CommandCenter.Live;
using Microsoft.Extensions.Options;

namespace CommandCenter.Wall;

/// <summary>Where the wall's snapshot comes from (<see cref="WallDataService"/>).</summary>
public interface IWallSnapshotSource
{
    Task<WallSnapshot> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>
/// One wall snapshot per process, shared by every wall screen: at Yinchuan's scale one read is about a
/// thousand grain calls, so it is read once per <see cref="WallOptions.RefreshInterval"/> while any
/// screen is open, not once per screen. A screen that opens reuses a snapshot younger than the
/// interval, and screens opening together share one read.
/// </summary>
public sealed class WallSnapshotCache(
    IWallSnapshotSource source,
    IOptions<WallOptions> options,
    TimeProvider time,
    ILogger<WallSnapshotCache> logger) : IHostedService, IDisposable
{
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private ImmutableArray<Func<WallSnapshot, Task>> _subscribers = [];
    private Task<WallSnapshot>? _reading;
    private WallSnapshot? _current;
    private ITimer? _timer;
    private bool _failing;

    private TimeSpan Interval => options.Value.RefreshInterval;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = time.CreateTimer(_ => _ = RefreshForScreensAsync(), null, Interval, Interval);
        logger.LogInformation("Wall data is read once per process every {Interval} for all wall screens", Interval);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        _stopping.Cancel();
        return Task.CompletedTask;
    }

    /// <summary>The snapshot if it is younger than the refresh interval, otherwise a fresh read (shared with concurrent callers).</summary>
    public async Task<WallSnapshot> GetAsync(CancellationToken cancellationToken) =>
        _current is { } current && time.GetUtcNow() - current.ReadAt < Interval
            ? current
            : await ReadSharedAsync().WaitAsync(cancellationToken);

    /// <summary>Calls <paramref name="onRefresh"/> with every new snapshot until disposed; its failures are logged and stay with it.</summary>
    public IDisposable Subscribe(Func<WallSnapshot, Task> onRefresh)
    {
        ImmutableInterlocked.Update(ref _subscribers, (list, item) => list.Add(item), onRefresh);
        return new Unsubscriber(this, onRefresh);
    }

    private async Task RefreshForScreensAsync()
    {
        if (_subscribers.IsEmpty)
        {
            return;
        }

        try
        {
            await ReadSharedAsync();
            if (_failing)
            {
                _failing = false;
                logger.LogInformation("Wall data can be read again");
            }
        }
        catch (Exception ex) when (!_stopping.IsCancellationRequested)
        {
            // Once per outage: the screens show their data as stale meanwhile.
            if (!_failing)
            {
                _failing = true;
                logger.LogWarning(ex, "Could not read the wall data; retrying every {Interval}", Interval);
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    private Task<WallSnapshot> ReadSharedAsync()
    {
        lock (_lock)
        {
            if (_reading is not { IsCompleted: false })
            {
                _reading = ReadAndPublishAsync();
            }

            return _reading;
        }
    }

    private async Task<WallSnapshot> ReadAndPublishAsync()
    {
        var snapshot = await source.ReadAsync(_stopping.Token);
        _current = snapshot;
        foreach (var subscriber in _subscribers)
        {
            _ = DeliverAsync(subscriber, snapshot);
        }

        return snapshot;
    }

    private async Task DeliverAsync(Func<WallSnapshot, Task> subscriber, WallSnapshot snapshot)
    {
        try
        {
            await subscriber(snapshot);
        }
        catch (Exception ex) when (ClosedScreen.Explains(ex))
        {
            logger.LogDebug(ex, "A wall screen closed while the new snapshot was on its way to it");
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "A wall screen failed to take the new snapshot");
        }
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _stopping.Dispose();
    }

    private sealed class Unsubscriber(WallSnapshotCache cache, Func<WallSnapshot, Task> subscriber) : IDisposable
    {
        public void Dispose() => ImmutableInterlocked.Update(ref cache._subscribers, (list, item) => list.Remove(item), subscriber);
    }
}
