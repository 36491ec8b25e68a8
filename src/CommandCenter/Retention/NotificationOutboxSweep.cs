using CommandCenter.Notifications;
using CommandCenter.Notifications.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommandCenter.Retention;

/// <summary>
/// Sent and failed deliveries whose last attempt is older than <see cref="NotificationOptions.KeepDays"/>. A delivery
/// still pending is never removed, however old: it has yet to reach its person.
/// </summary>
public sealed class NotificationOutboxSweep(IServiceScopeFactory scopes, IOptions<NotificationOptions> options) : IRetentionSweep
{
    public RetentionSetting Setting => new(NotificationStore.Name, $"{NotificationOptions.Section}:{nameof(NotificationOptions.KeepDays)}", options.Value.Retention);

    public async Task<SweepResult?> SweepAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var before = cutoff.UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<NotificationStore>();
        var removed = await RetentionSweeper.DeleteInBatchesAsync(
            () => store.Deliveries
                .Where(d => d.Status != DeliveryStatus.Pending && d.LastAttemptAt < before)
                .OrderBy(d => d.Id).Take(RetentionSweeper.BatchSize).ExecuteDeleteAsync(cancellationToken),
            cancellationToken);
        var oldest = await store.Deliveries.OrderBy(d => d.CreatedAt).Select(d => new { d.CreatedAt }).FirstOrDefaultAsync(cancellationToken);
        return new SweepResult(removed, oldest is null ? null : new DateTimeOffset(DateTime.SpecifyKind(oldest.CreatedAt, DateTimeKind.Utc)));
    }
}
