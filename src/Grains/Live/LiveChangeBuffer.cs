using CommandCenter.Grains.Abstractions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommandCenter.Grains.Live;

/// <summary>
/// One per silo, in process: elevator grains hand it their changes, it coalesces them per elevator and pushes them to
/// every silo's live observer every <see cref="LiveFeedOptions.FlushInterval"/> (the Orleans GPS-tracker pattern), and
/// pushes alarm changes at once. It replaces a notifier grain that cost an Orleans message per status; walls on every
/// silo still receive every change, as each batch goes to every observer the registry knows.
/// </summary>
public sealed class LiveChangeBuffer(
    IGrainFactory grains,
    IOptions<LiveFeedOptions> options,
    TimeProvider time,
    ILogger<LiveChangeBuffer> logger) : BackgroundService
{
    private readonly Lock _gate = new();
    private Dictionary<string, ElevatorSnapshot> _pending = new(StringComparer.Ordinal);

    /// <summary>The traced messages among the pending changes, by elevator: few, as traces are sampled.</summary>
    private Dictionary<string, string> _tracedPending = new(StringComparer.Ordinal);

    /// <summary>A failed push is logged once until one succeeds again, not ten times a second.</summary>
    private bool _failing;

    private ILiveObserverRegistryGrain? _registry;

    /// <summary>Made once, on first use: Orleans resolves an interface by reflection on every GetGrain, and this is asked ten times a second.</summary>
    private ILiveObserverRegistryGrain Registry => _registry ??= grains.GetGrain<ILiveObserverRegistryGrain>(GrainKeys.LiveObserverRegistry);

    /// <summary>Keeps an elevator's newest change for the next push; called from the elevator grain's turn, so it never waits.</summary>
    public void Publish(ElevatorSnapshot snapshot)
    {
        // The traced message this change comes from, named in the request context of the elevator grain's call.
        var traced = PushTracing.CarriedMessage();
        lock (_gate)
        {
            // An older report never replaces a newer one waiting in the batch (a change without a new report, such as
            // going offline, does).
            if (_pending.TryGetValue(snapshot.Id, out var waiting) && snapshot.ReportedAt < waiting.ReportedAt)
            {
                return;
            }

            _pending[snapshot.Id] = snapshot;
            if (traced is not null)
            {
                _tracedPending[snapshot.Id] = traced;
            }
            else
            {
                _tracedPending.Remove(snapshot.Id);
            }
        }
    }

    /// <summary>Pushes an alarm change to every silo's observer now, off the calling grain's turn; a failure is logged.</summary>
    public void PublishAlarm(AlarmSnapshot alarm) => _ = Task.Run(() => PushAlarmAsync(alarm));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);

        // What waits leaves before the silo goes, if the cluster still answers.
        await FlushOrWaitAsync();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(options.Value.FlushInterval, time, FlushOrWaitAsync, _ => { }, stoppingToken);

    private async Task FlushOrWaitAsync()
    {
        try
        {
            await FlushAsync();
            if (_failing)
            {
                _failing = false;
                logger.LogInformation("Live changes are pushed again");
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (!_failing)
            {
                _failing = true;
                logger.LogWarning(ex, "Live changes could not be pushed; they wait and are tried every {Interval}", options.Value.FlushInterval);
            }
        }
    }

    private async Task FlushAsync()
    {
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                return;
            }
        }

        // Asking the registry on every non-empty flush (a few calls a second per silo) means a silo that just
        // registered never misses a batch. The batch is taken only once the registry has answered: if it cannot be
        // reached, the changes wait for the next round instead of being lost.
        var observers = await Registry.GetObserversAsync();
        ElevatorSnapshot[] batch;
        Dictionary<string, string> tracedMessages;
        lock (_gate)
        {
            batch = [.. _pending.Values];
            tracedMessages = _tracedPending;
            _pending = new Dictionary<string, ElevatorSnapshot>(StringComparer.Ordinal);
            _tracedPending = new Dictionary<string, string>(StringComparer.Ordinal);
        }

        if (batch.Length == 0)
        {
            return;
        }

        var pushes = tracedMessages.Values.Select(message => PushTracing.StartPush(message, batch.Length)).ToList();
        try
        {
            await Task.WhenAll(observers.Select(observer => PushAsync(observer, () => observer.OnElevatorsChangedAsync(batch), $"a batch of {batch.Length} changes")));
        }
        finally
        {
            pushes.ForEach(push => push?.Dispose());
        }
    }

    private async Task PushAlarmAsync(AlarmSnapshot alarm)
    {
        try
        {
            var observers = await Registry.GetObserversAsync();
            await Task.WhenAll(observers.Select(observer => PushAsync(observer, () => observer.OnAlarmChangedAsync(alarm), "an alarm change")));
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Alarm {Alarm} could not be pushed to the live observers: the observer registry did not answer", alarm.Id);
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
            await Registry.UnregisterAsync(observer);
            logger.LogInformation("Dropped the live observer of a silo that is gone");
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Live observer did not take {What}", what);
        }
    }
}
