using CommandCenter.Grains.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace CommandCenter.Grains.Live;

/// <summary>
/// One per silo: coalesces changes per elevator and pushes them to every silo's observer on a
/// short timer (the Orleans GPS-tracker pattern).
/// </summary>
[StatelessWorker(1)]
[Reentrant]
public sealed class LiveNotifierGrain(
    IOptions<LiveFeedOptions> options,
    ILogger<LiveNotifierGrain> logger) : Grain, ILiveNotifierGrain
{
    private Dictionary<string, ElevatorSnapshot> _pending = new(StringComparer.Ordinal);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var interval = options.Value.FlushInterval;
        this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(interval, interval) { Interleave = true });
        return Task.CompletedTask;
    }

    public Task PublishAsync(ElevatorSnapshot snapshot)
    {
        _pending[snapshot.Id] = snapshot;
        return Task.CompletedTask;
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var batch = _pending.Values.ToArray();
        _pending = new Dictionary<string, ElevatorSnapshot>(StringComparer.Ordinal);
        // Asking the registry on every non-empty flush (a few calls a second per silo) means a silo
        // that just registered never misses a batch.
        var observers = await GrainFactory.GetGrain<ILiveObserverRegistryGrain>(GrainKeys.LiveObserverRegistry).GetObserversAsync();
        await Task.WhenAll(observers.Select(observer => PushAsync(observer, batch)));
    }

    private async Task PushAsync(ILiveObserver observer, ElevatorSnapshot[] batch)
    {
        try
        {
            await observer.OnElevatorsChangedAsync(batch);
        }
        catch (Exception ex)
        {
            // A silo that went away is dropped by the registry when its lease lapses.
            logger.LogWarning(ex, "Live observer did not take a batch of {Count} changes", batch.Length);
        }
    }
}
