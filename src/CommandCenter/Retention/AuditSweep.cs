using CommandCenter.Audit;
using CommandCenter.Audit.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommandCenter.Retention;

/// <summary>Audit entries older than <see cref="AuditOptions.RetentionDays"/> (at least 180 days): the only code that deletes from the audit log.</summary>
public sealed class AuditSweep(IServiceScopeFactory scopes, IOptions<AuditOptions> options) : IRetentionSweep
{
    public RetentionSetting Setting => new(AuditStore.Name, $"{AuditOptions.Section}:{nameof(AuditOptions.RetentionDays)}", options.Value.Retention);

    public async Task<SweepResult?> SweepAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var before = cutoff.UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<AuditStore>();
        var removed = await RetentionSweeper.DeleteInBatchesAsync(
            () => store.Entries.Where(e => e.At < before).OrderBy(e => e.Id).Take(RetentionSweeper.BatchSize).ExecuteDeleteAsync(cancellationToken),
            cancellationToken);
        var oldest = await store.Entries.OrderBy(e => e.Id).Select(e => new { e.At }).FirstOrDefaultAsync(cancellationToken);
        return new SweepResult(removed, oldest is null ? null : new DateTimeOffset(DateTime.SpecifyKind(oldest.At, DateTimeKind.Utc)));
    }
}
