using CommandCenter.Notifications.Channels;
using CommandCenter.Notifications.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using System.Text.Json;

namespace CommandCenter.Notifications;

/// <summary>
/// Sends the outbox's due deliveries, on every silo: a delivery is claimed by a lease (one conditional
/// update), so two silos never send it both, and one whose sender died is taken over once the lease ends.
/// A failure is recorded with its result and tried again after a delay that doubles each time; after the
/// last attempt allowed it is marked failed. Deliveries are sent side by side, so a slow or dead channel
/// holds up no other, and nothing here is on the alarm's path.
/// </summary>
public sealed class NotificationSender(
    IServiceScopeFactory scopes,
    NotificationOutbox outbox,
    IEnumerable<NotificationChannel> channels,
    IHttpClientFactory httpClients,
    IOptions<NotificationOptions> options,
    NotificationMetrics metrics,
    TimeProvider time,
    ILogger<NotificationSender> logger) : BackgroundService
{
    public const string HttpClientName = "notifications";

    /// <summary>Deliveries claimed per pass, so one pass stays bounded.</summary>
    public const int MaxPerPass = 50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SendDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Notification outbox pass failed; trying again at the next");
            }

            await outbox.WaitForQueuedAsync(options.Value.PollInterval, stoppingToken);
        }
    }

    /// <summary>One pass: sends what is due now; returns how many deliveries this silo attempted.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        List<long> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<NotificationStore>();
            due = await store.Deliveries
                .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now && (d.LeasedUntil == null || d.LeasedUntil < now))
                .OrderBy(d => d.NextAttemptAt).Take(MaxPerPass).Select(d => d.Id).ToListAsync(cancellationToken);
        }

        var attempted = await Task.WhenAll(due.Select(id => TrySendAsync(id, now, cancellationToken)));
        return attempted.Count(sent => sent);
    }

    private async Task<bool> TrySendAsync(long id, DateTime now, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<NotificationStore>();
        var leaseEnd = now + options.Value.SendTimeout * 3;
        var claimed = await store.Deliveries
            .Where(d => d.Id == id && d.Status == DeliveryStatus.Pending && (d.LeasedUntil == null || d.LeasedUntil < now))
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.LeasedUntil, leaseEnd), cancellationToken);
        if (claimed == 0)
        {
            return false;
        }

        var delivery = await store.Deliveries.SingleAsync(d => d.Id == id, cancellationToken);
        var (sent, result) = await AttemptAsync(delivery, cancellationToken);
        delivery.Attempts++;
        delivery.LastAttemptAt = now;
        delivery.LeasedUntil = null;
        delivery.Result = result.Length <= OutboxDelivery.MaxResultLength ? result : result[..OutboxDelivery.MaxResultLength];
        if (sent)
        {
            delivery.Status = DeliveryStatus.Sent;
            delivery.NextAttemptAt = null;
        }
        else if (delivery.Attempts >= options.Value.MaxAttempts)
        {
            delivery.Status = DeliveryStatus.Failed;
            delivery.NextAttemptAt = null;
            logger.LogWarning("Gave up {Channel} delivery {Id} ({Subject}) after {Attempts} attempts: {Result}", delivery.Channel, id, delivery.Subject, delivery.Attempts, result);
        }
        else
        {
            delivery.NextAttemptAt = now + RetryDelay(delivery.Attempts);
            logger.LogInformation("{Channel} delivery {Id} ({Subject}) failed ({Result}); retrying at {Next:O}", delivery.Channel, id, delivery.Subject, result, delivery.NextAttemptAt);
        }

        await store.SaveChangesAsync(CancellationToken.None);
        metrics.Attempted(delivery.Channel, delivery.Status);
        return true;
    }

    private async Task<(bool Sent, string Result)> AttemptAsync(OutboxDelivery delivery, CancellationToken cancellationToken)
    {
        if (channels.FirstOrDefault(c => c.Name == delivery.Channel && c.Enabled) is not { } channel)
        {
            return (false, $"channel '{delivery.Channel}' is not configured");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.SendTimeout);
        try
        {
            var payload = JsonSerializer.Deserialize<NotificationPayload>(delivery.Payload)!;
            return (true, await channel.SendAsync(httpClients.CreateClient(HttpClientName), delivery, payload, time.GetUtcNow(), timeout.Token));
        }
        catch (DeliveryFailedException ex)
        {
            return (false, ex.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, $"no answer within {options.Value.SendTimeout}");
        }
        catch (HttpRequestException ex)
        {
            return (false, ex.Message);
        }
    }

    private TimeSpan RetryDelay(int attempts) =>
        TimeSpan.FromTicks(Math.Min(options.Value.MaxRetryDelay.Ticks, options.Value.FirstRetryDelay.Ticks << Math.Min(attempts - 1, 20)));
}
