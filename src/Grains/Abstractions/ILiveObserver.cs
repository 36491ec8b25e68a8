namespace CommandCenter.Grains.Abstractions;

/// <summary>
/// Receives live changes on one silo, which then pushes them to that silo's SignalR clients and
/// Blazor circuits. There is one per silo, so the cluster itself is the push backplane.
/// </summary>
public interface ILiveObserver : IGrainObserver
{
    /// <summary>A coalesced batch: the newest snapshot of each elevator that changed.</summary>
    Task OnElevatorsChangedAsync(IReadOnlyList<ElevatorSnapshot> changes);

    /// <summary>An alarm opened or changed: pushed at once, never coalesced.</summary>
    Task OnAlarmChangedAsync(AlarmSnapshot alarm);
}

/// <summary>Keeps the live observers of all silos; keyed by <see cref="GrainKeys.LiveObserverRegistry"/>.</summary>
public interface ILiveObserverRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Registers or refreshes an observer; it expires unless refreshed within the lease.</summary>
    Task RegisterAsync(ILiveObserver observer);

    Task UnregisterAsync(ILiveObserver observer);

    Task<IReadOnlyList<ILiveObserver>> GetObserversAsync();
}
