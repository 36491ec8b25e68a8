using CommandCenter.Grains.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace CommandCenter.Grains.Live;

/// <summary>
/// One per silo: coalesces changes per elevator and pushes them to every silo's observer on a
/// short timer (the Orleans GPS-tracker pattern). It holds changes between ticks, so it is never removed
/// as an idle worker (the runtime judges idleness by calls, not timers, and would drop what waits), and
/// whatever waits when it is deactivated all the same leaves before it goes.
/// </summary>
[StatelessWorker(1, removeIdleWorkers: false)]
[Reentrant]
public sealed class LiveNotifierGrain(
    IOptions<LiveFeedOptions> options,
    ILogger<LiveNotifierGrain> logger) : Grain, ILiveNotifierGrain
{
    private Dictionary<string, ElevatorSnapshot> _pending = new(StringComparer.Ordinal);

    /// <summary>The traced messages among the pending changes, by elevator: few, as traces are sampled.</summary>
    private Dictionary<string, string> _tracedPending = new(StringComparer.Ordinal);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var interval = options.Value.FlushInterval;
        this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(interval, interval) { Interleave = true });
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => FlushAsync(cancellationToken);

    public Task PublishAsync(ElevatorSnapshot snapshot)
    {
        // Publishes are fire-and-forget, so two of one elevator may arrive out of order: an older report never
        // replaces a newer one waiting in the batch (a change without a new report, such as going offline, does).
        if (!_pending.TryGetValue(snapshot.Id, out var waiting) || snapshot.ReportedAt >= waiting.ReportedAt)
        {
            _pending[snapshot.Id] = snapshot;
            if (PushTracing.CarriedMessage() is { } message)
            {
                _tracedPending[snapshot.Id] = message;
            }
            else
            {
                _tracedPending.Remove(snapshot.Id);
            }
        }

        return Task.CompletedTask;
    }

    public async Task PublishAlarmAsync(AlarmSnapshot alarm)
    {
        var observers = await GrainFactory.GetGrain<ILiveObserverRegistryGrain>(GrainKeys.LiveObserverRegistry).GetObserversAsync();
        await Task.WhenAll(observers.Select(observer => PushAsync(observer, () => observer.OnAlarmChangedAsync(alarm), "an alarm change")));
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        // Asking the registry on every non-empty flush (a few calls a second per silo) means a silo that just
        // registered never misses a batch. The batch is taken only once the registry has answered: if it cannot be
        // reached, the changes wait for the next tick instead of being lost.
        var observers = await GrainFactory.GetGrain<ILiveObserverRegistryGrain>(GrainKeys.LiveObserverRegistry).GetObserversAsync();
        if (_pending.Count == 0)
        {
            // A tick that interleaved with this one while the registry answered has already sent the batch.
            return;
        }

        var batch = _pending.Values.ToArray();
        _pending = new Dictionary<string, ElevatorSnapshot>(StringComparer.Ordinal);
        var traced = _tracedPending.Count == 0 ? null : _tracedPending.Values.Select(message => PushTracing.StartPush(message, batch.Length)).ToList();
        if (traced is not null)
        {
            _tracedPending = new Dictionary<string, string>(StringComparer.Ordinal);
        }

        try
        {
            await Task.WhenAll(observers.Select(observer => PushAsync(observer, () => observer.OnElevatorsChangedAsync(batch), $"a batch of {batch.Length} changes")));
        }
        finally
        {
            traced?.ForEach(push => push?.Dispose());
        }
    }

    private async Task PushAsync(ILiveObserver observer, Func<Task> push, string what)
    {
        try
        {
            await push();
        }
        catch (ClientNotAvailableException)
        {
            // Its silo died: forget it now rather than when its lease lapses, so no later push waits on it.
            // When the silo was only cut off, its next lease refresh registers it again.
            await GrainFactory.GetGrain<ILiveObserverRegistryGrain>(GrainKeys.LiveObserverRegistry).UnregisterAsync(observer);
            logger.LogInformation("Dropped the live observer of a silo that is gone");
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Live observer did not take {What}", what);
        }
    }
}
