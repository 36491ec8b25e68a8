using CommandCenter.Grains.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

namespace CommandCenter.Grains.Live;

public sealed class LiveObserverRegistryGrain : Grain, ILiveObserverRegistryGrain
{
    private readonly ObserverManager<ILiveObserver> _observers;

    public LiveObserverRegistryGrain(IOptions<LiveFeedOptions> options, ILogger<LiveObserverRegistryGrain> logger) =>
        _observers = new ObserverManager<ILiveObserver>(options.Value.ObserverLease, logger);

    public Task RegisterAsync(ILiveObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task UnregisterAsync(ILiveObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ILiveObserver>> GetObserversAsync()
    {
        _observers.ClearExpired();
        return Task.FromResult<IReadOnlyList<ILiveObserver>>([.. _observers.Observers.Values]);
    }
}
