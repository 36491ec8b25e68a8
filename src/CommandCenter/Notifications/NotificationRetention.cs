using CommandCenter.Grains;
using CommandCenter.Notifications.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommandCenter.Notifications;

/// <summary>
/// Deletes sent and failed deliveries whose last attempt is older than <see cref="NotificationOptions.KeepDays"/>:
/// at start, then every <see cref="Interval"/>, in batches of <see cref="BatchSize"/> so no delete holds the store
/// long. Pending deliveries are never deleted, however old. In a cluster every silo runs it; a batch that finds
/// its rows already gone deletes nothing, so that is harmless.
/// </summary>
public sealed class NotificationRetention(
    IServiceScopeFactory scopes, IOptions<NotificationOptions> options, TimeProvider time, ILogger<NotificationRetention> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    public const int BatchSize = 500;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => PeriodicWork.RunAsync(
        Interval,
        time,
        () => PruneAsync(stoppingToken),
        ex => logger.LogWarning(ex, "Notification outbox pruning failed; next try in {Interval}", Interval),
        stoppingToken);

    /// <returns>How many deliveries were deleted.</returns>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var cutoff = (time.GetUtcNow() - options.Value.Retention).UtcDateTime;
        var deleted = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<NotificationStore>();
            var batch = await store.Deliveries
                .Where(d => d.Status != DeliveryStatus.Pending && d.LastAttemptAt < cutoff)
                .OrderBy(d => d.Id).Select(d => d.Id).Take(BatchSize).ToListAsync(cancellationToken);
            if (batch.Count > 0)
            {
                deleted += await store.Deliveries.Where(d => batch.Contains(d.Id)).ExecuteDeleteAsync(cancellationToken);
            }

            if (batch.Count < BatchSize)
            {
                break;
            }
        }

        if (deleted > 0)
        {
            logger.LogInformation("Notification outbox: deleted {Count} deliveries last tried before {Cutoff:O} ({Days} days kept)", deleted, cutoff, options.Value.KeepDays);
        }

        return deleted;
    }
}
