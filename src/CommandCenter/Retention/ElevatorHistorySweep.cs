using CommandCenter.Elevators.History;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommandCenter.Retention;

/// <summary>Duty records filed and alarms closed before <see cref="ElevatorHistoryRetentionOptions.KeepDays"/>.</summary>
public sealed class ElevatorHistorySweep(IServiceScopeFactory scopes, IOptions<ElevatorHistoryRetentionOptions> options) : IRetentionSweep
{
    public RetentionSetting Setting => new(
        ElevatorHistoryStore.Name, $"{ElevatorHistoryRetentionOptions.Section}:{nameof(ElevatorHistoryRetentionOptions.KeepDays)}", TimeSpan.FromDays(options.Value.KeepDays));

    public async Task<SweepResult?> SweepAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var before = cutoff.UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ElevatorHistoryStore>();
        var records = await RetentionSweeper.DeleteInBatchesAsync(
            () => store.DutyRecords.Where(r => r.FiledAt < before).OrderBy(r => r.Id).Take(RetentionSweeper.BatchSize).ExecuteDeleteAsync(cancellationToken),
            cancellationToken);
        var alarms = await RetentionSweeper.DeleteInBatchesAsync(
            () => store.Alarms.Where(a => a.ClosedAt < before).OrderBy(a => a.ClosedAt).Take(RetentionSweeper.BatchSize).ExecuteDeleteAsync(cancellationToken),
            cancellationToken);
        var oldestRecord = await store.DutyRecords.OrderBy(r => r.FiledAt).Select(r => new { At = r.FiledAt }).FirstOrDefaultAsync(cancellationToken);
        var oldestAlarm = await store.Alarms.OrderBy(a => a.ClosedAt).Select(a => new { At = a.ClosedAt }).FirstOrDefaultAsync(cancellationToken);
        DateTime?[] oldest = [oldestRecord?.At, oldestAlarm?.At];
        return new SweepResult(
            records + alarms,
            oldest.Min() is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null);
    }
}
