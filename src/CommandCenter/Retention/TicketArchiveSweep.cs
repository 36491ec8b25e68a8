using CommandCenter.Tickets.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommandCenter.Retention;

/// <summary>Work orders finished before <see cref="TicketArchiveRetentionOptions.ArchiveKeepDays"/>, with their area rows (cascade).</summary>
public sealed class TicketArchiveSweep(IServiceScopeFactory scopes, IOptions<TicketArchiveRetentionOptions> options) : IRetentionSweep
{
    public RetentionSetting Setting => new(
        TicketArchiveStore.Name,
        $"{TicketArchiveRetentionOptions.Section}:{nameof(TicketArchiveRetentionOptions.ArchiveKeepDays)}",
        TimeSpan.FromDays(options.Value.ArchiveKeepDays));

    public async Task<SweepResult?> SweepAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<TicketArchiveStore>();
        var removed = await RetentionSweeper.DeleteInBatchesAsync(
            () => store.Tickets.Where(t => t.FinishedAt < cutoff).OrderBy(t => t.FinishedAt).Take(RetentionSweeper.BatchSize).ExecuteDeleteAsync(cancellationToken),
            cancellationToken);
        var oldest = await store.Tickets.OrderBy(t => t.FinishedAt).Select(t => new { t.FinishedAt }).FirstOrDefaultAsync(cancellationToken);
        return new SweepResult(removed, oldest?.FinishedAt);
    }
}
