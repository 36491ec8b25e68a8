using CommandCenter.Audit.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommandCenter.Audit;

/// <summary>
/// Deletes audit entries older than <see cref="AuditOptions.RetentionDays"/>: once at start, then once
/// a day. The only code that deletes from the audit log. In a cluster every silo runs it; a purge that
/// finds the rows already gone deletes nothing, so that is harmless.
/// </summary>
public sealed class AuditRetention(IServiceScopeFactory scopes, IOptions<AuditOptions> options, TimeProvider time, ILogger<AuditRetention> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await PurgeAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Audit log purge failed; next try in {Interval}", Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <returns>How many entries were deleted.</returns>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var cutoff = (time.GetUtcNow() - options.Value.Retention).UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<AuditStore>();
        var deleted = await store.Entries.Where(e => e.At < cutoff).ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0)
        {
            logger.LogInformation("Audit log: deleted {Count} entries from before {Cutoff:O} ({Days} days kept)", deleted, cutoff, options.Value.RetentionDays);
        }

        return deleted;
    }
}
