using System.Diagnostics.Metrics;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Ops;
using CommandCenter.TelemetryIngest;
using Microsoft.Extensions.Options;

namespace CommandCenter.Observability;

/// <summary>
/// Disk use of each store in the data folder (<c>Data:Path</c>), counted as the operations page counts it
/// (<see cref="DataFolderUsage"/>: a database file with its journals, or a whole folder, is one store), with the free
/// space of its file system. Summed at most once per <see cref="MetricsOptions.GaugeRefresh"/>.
/// </summary>
public sealed class StoreDiskGauges
{
    public const string MeterName = "CommandCenter.Storage";

    private readonly CachedReading<DiskUse> _usage;

    public StoreDiskGauges(IMeterFactory meters, IOptions<DataOptions> data, IOptions<MetricsOptions> options, TimeProvider time, ILogger<StoreDiskGauges> logger)
    {
        var folder = data.Value.FullPath;
        _usage = new CachedReading<DiskUse>(
            () => Task.FromResult(DataFolderUsage.Measure(folder)), new DiskUse(folder, [], null, null), options.Value.GaugeRefresh, time, logger, $"disk use of {folder}");
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("commandcenter.storage.disk_usage",
            () => _usage.Current.Stores.Select(store => new Measurement<long>(store.Bytes, new KeyValuePair<string, object?>("store", KebabCase.Of(store.Store)))),
            "By", "Bytes each store in the data folder takes on disk.");
        // Asking the file system for its free space is cheap: read on every scrape, not from the cached walk.
        meter.CreateObservableGauge("commandcenter.storage.disk_free", () => new DriveInfo(folder).AvailableFreeSpace, "By",
            "Bytes free on the file system of the data folder.");
    }
}
