using CommandCenter.TelemetryIngest.DeadLetters;
using Microsoft.Extensions.Options;

namespace CommandCenter.Retention;

/// <summary>Dead letters older than <see cref="DeadLetterRetentionOptions.KeepDays"/>; the all-time counts per reason stay.</summary>
public sealed class DeadLetterSweep(DeadLetterStore store, IOptions<DeadLetterRetentionOptions> options) : IRetentionSweep
{
    public RetentionSetting Setting =>
        new("dead-letters", $"{DeadLetterRetentionOptions.Section}:{nameof(DeadLetterRetentionOptions.KeepDays)}", TimeSpan.FromDays(options.Value.KeepDays));

    public async Task<SweepResult?> SweepAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var removed = await RetentionSweeper.DeleteInBatchesAsync(
            () => Task.FromResult(store.DeleteOlderThan(cutoff, RetentionSweeper.BatchSize)), cancellationToken);
        return new SweepResult(removed, store.OldestKept());
    }
}
