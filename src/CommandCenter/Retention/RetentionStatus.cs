using System.Collections.Concurrent;

namespace CommandCenter.Retention;

/// <summary>One store's retention as its last sweep found it.</summary>
/// <param name="Store">Which store: <c>dead-letters</c>, <c>elevator-history</c>, <c>ticket-archive</c>, <c>time-series-raw</c>, <c>time-series-rollups</c>.</param>
/// <param name="Setting">The configuration key that sets <paramref name="Keep"/>.</param>
/// <param name="OldestKept">The oldest item the store still holds (for InfluxDB, the start of its oldest shard); null when it holds none.</param>
/// <param name="LastSweep">When the last sweep finished; null before the first.</param>
/// <param name="Removed">What the last sweep removed; null for InfluxDB, which removes expired shards itself.</param>
/// <param name="FailedAt">When the last sweep failed, if the last one did (the log says why).</param>
public sealed record StoreRetention(
    string Store, string Setting, TimeSpan Keep, DateTimeOffset? OldestKept, DateTimeOffset? LastSweep, long? Removed, DateTimeOffset? FailedAt = null);

/// <summary>What each store keeps and what the last sweeps did; <c>GET /api/ops/retention</c> and the operations page read it.</summary>
public sealed class RetentionStatus
{
    private readonly ConcurrentDictionary<string, StoreRetention> _stores = new(StringComparer.Ordinal);

    public IReadOnlyList<StoreRetention> Stores => [.. _stores.Values.OrderBy(store => store.Store, StringComparer.Ordinal)];

    public void Swept(StoreRetention store) => _stores[store.Store] = store;

    /// <summary>Keeps what the last good sweep found, marked as failed since.</summary>
    public void Failed(RetentionSetting setting, DateTimeOffset at) =>
        _stores.AddOrUpdate(
            setting.Store,
            _ => new StoreRetention(setting.Store, setting.Key, setting.Keep, null, null, null, at),
            (_, last) => last with { Keep = setting.Keep, FailedAt = at });

    /// <summary>A store whose retention this service does not manage (InfluxDB 2.x) is not listed.</summary>
    public void Forget(string store) => _stores.TryRemove(store, out _);
}
