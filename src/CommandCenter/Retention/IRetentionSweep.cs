namespace CommandCenter.Retention;

/// <summary>What one sweep of a store did.</summary>
/// <param name="Removed">Items removed; null where the store removes them itself.</param>
/// <param name="OldestKept">The oldest item still kept; null when there is none.</param>
public sealed record SweepResult(long? Removed, DateTimeOffset? OldestKept);

/// <summary>A store's retention: its name in <see cref="RetentionStatus"/> and the log, the configuration key that sets it, and the period.</summary>
public sealed record RetentionSetting(string Store, string Key, TimeSpan Keep);

/// <summary>One store's retention, enforced (or, for InfluxDB, checked) by <see cref="RetentionSweeper"/>.</summary>
public interface IRetentionSweep
{
    RetentionSetting Setting { get; }

    /// <summary>Removes what is older than <paramref name="cutoff"/>, in batches; null when the store's retention is not this service's to manage.</summary>
    Task<SweepResult?> SweepAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
