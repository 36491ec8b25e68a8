using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.Live;
using Microsoft.Extensions.Options;

namespace CommandCenter.Live;

/// <summary>
/// Registers this silo's <see cref="LiveObserver"/> with the cluster-wide registry and keeps the
/// registration fresh; when the silo dies the lease lapses and the registry forgets it. The silo's
/// <see cref="LiveChangeBuffer"/> is told which registered observer is its own, so it calls that one in process.
/// </summary>
public sealed class LiveObserverRegistration(
    IGrainFactory grains,
    LiveObserver observer,
    LiveChangeBuffer buffer,
    IOptions<LiveFeedOptions> options,
    TimeProvider time,
    ILogger<LiveObserverRegistration> logger) : BackgroundService
{
    private ILiveObserver? _reference;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _reference = grains.CreateObjectReference<ILiveObserver>(observer);
        buffer.ServeLocally(_reference, observer);
        var registry = grains.GetGrain<ILiveObserverRegistryGrain>(GrainKeys.LiveObserverRegistry);
        var refresh = options.Value.ObserverLease / 3;
        var announced = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await registry.RegisterAsync(_reference);
                if (!announced)
                {
                    logger.LogInformation(
                        "Live feed observer registered; refreshing every {Refresh}; elevator pushes to each hub group at most every {PushInterval}",
                        refresh, observer.PushInterval);
                    announced = true;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Could not register the live feed observer; retrying in {Refresh}", refresh);
            }

            await Task.Delay(refresh, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_reference is not null)
        {
            await grains.GetGrain<ILiveObserverRegistryGrain>(GrainKeys.LiveObserverRegistry).UnregisterAsync(_reference);
            grains.DeleteObjectReference<ILiveObserver>(_reference);
        }
    }
}
