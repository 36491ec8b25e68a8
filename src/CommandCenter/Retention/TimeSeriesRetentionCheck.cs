using CommandCenter.TelemetryIngest.Storage;
using Microsoft.Extensions.Options;

namespace CommandCenter.Retention;

/// <summary>
/// One InfluxDB retention policy: InfluxDB removes expired shards itself, so the check only reads how far back
/// the policy reaches. With InfluxDB 2.x, whose bucket retention this service leaves alone, it reports nothing.
/// </summary>
public sealed class TimeSeriesRetentionCheck(ITimeSeriesStore series, IOptions<TimeSeriesRetentionOptions> options, string policy) : IRetentionSweep
{
    public RetentionSetting Setting => policy == InfluxRollups.RawPolicy
        ? new("time-series-raw", $"{TimeSeriesRetentionOptions.Section}:{nameof(TimeSeriesRetentionOptions.RawRetention)}", options.Value.RawRetention)
        : new("time-series-rollups", $"{TimeSeriesRetentionOptions.Section}:{nameof(TimeSeriesRetentionOptions.RollupRetention)}", options.Value.RollupRetention);

    public async Task<SweepResult?> SweepAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        (await series.ReadRetentionAsync(cancellationToken)).FirstOrDefault(p => p.Policy == policy) is { } found
            ? new SweepResult(null, found.OldestKept)
            : null;
}
