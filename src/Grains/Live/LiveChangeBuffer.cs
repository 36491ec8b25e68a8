using CommandCenter.Grains.Abstractions;
using CommandCenter.Plumbing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommandCenter.Grains.Live;

/// <summary>
/// One per silo, in process: elevator grains hand it their changes, it coalesces them per elevator and pushes them to
/// every silo's live observer every <see cref="LiveFeedOptions.FlushInterval"/> (the Orleans GPS-tracker pattern), and
/// pushes alarm changes at once, on the alarm lane. It replaces a notifier grain that cost an Orleans message per status;
/// walls on every silo still receive every change, as each batch goes to every observer the registry knows.
/// This silo's own observer is called in process rather than through an Orleans message, which would wait for a
/// thread-pool turn and copy the batch.
/// </summary>
public sealed class LiveChangeBuffer(
    IGrainFactory grains,
    PriorityLane alarmLane,
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

    /// <summary>The observers in the registry's last answer: an alarm goes to them without waiting for a new one.</summary>
    private IReadOnlyList<ILiveObserver> _knownObservers = [];

    /// <summary>This silo's observer, once the web tier has named it.</summary>
    private LocalObserver? _local;

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

    /// <summary>
    /// Pushes an alarm change to every silo's observer now, on the alarm lane (not behind the thread pool's queue), off
    /// the calling grain's turn; a failure is logged.
    /// </summary>
    public void PublishAlarm(AlarmSnapshot alarm) => alarmLane.Post(() => _ = PushAlarmAsync(alarm));

    /// <summary>Names this silo's own observer: pushes to it are then calls in process, and <paramref name="reference"/> is how the registry lists it.</summary>
    public void ServeLocally(ILiveObserver reference, ILiveObserver instance) => _local = new LocalObserver(reference.GetGrainId(), instance);

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
        var observers = await AskRegistryAsync();
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
            await Task.WhenAll(observers.Select(observer => PushAsync(observer, target => target.OnElevatorsChangedAsync(batch), $"a batch of {batch.Length} changes")));
        }
        finally
        {
            pushes.ForEach(push => push?.Dispose());
        }
    }

    /// <summary>
    /// First to the observers the registry named last (under load a flush asks it ten times a second), without waiting
    /// for it to answer again; then to any observer it names now that was not among them (a silo that joined since).
    /// </summary>
    private async Task PushAlarmAsync(AlarmSnapshot alarm)
    {
        var known = Volatile.Read(ref _knownObservers);
        var pushedFirst = PushAllAsync(known);
        try
        {
            var pushed = known.Select(observer => observer.GetGrainId()).ToHashSet();
            var observers = await AskRegistryAsync();
            await PushAllAsync([.. observers.Where(observer => !pushed.Contains(observer.GetGrainId()))]);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Alarm {Alarm} could not be pushed to the live observers: the observer registry did not answer", alarm.Id);
        }

        await pushedFirst;

        Task PushAllAsync(IReadOnlyList<ILiveObserver> observers) =>
            Task.WhenAll(observers.Select(observer => PushAsync(observer, target => target.OnAlarmChangedAsync(alarm), "an alarm change")));
    }

    private async Task<IReadOnlyList<ILiveObserver>> AskRegistryAsync()
    {
        var observers = await Registry.GetObserversAsync();
        Volatile.Write(ref _knownObservers, observers);
        return observers;
    }

    private async Task PushAsync(ILiveObserver observer, Func<ILiveObserver, Task> push, string what)
    {
        try
        {
            await push(_local is { } local && observer.GetGrainId() == local.Id ? local.Instance : observer);
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

    /// <param name="Id">The observer as the registry lists it.</param>
    /// <param name="Instance">The object itself, in this process.</param>
    private sealed record LocalObserver(GrainId Id, ILiveObserver Instance);
}
