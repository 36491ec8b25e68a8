using System.Diagnostics.Metrics;
using CommandCenter.TelemetryIngest;
using Microsoft.Extensions.Options;

namespace CommandCenter.Observability;

/// <summary>
/// Disk use of each store in the data folder (<c>Data:Path</c>): a folder (the spool, photos, a local influxd) or a
/// database file with its journal files (<c>deadletters.db</c>, <c>-wal</c>, <c>-shm</c>) is one store. Summed on a
/// background thread at most once per <see cref="MetricsOptions.GaugeRefresh"/>; with the free space of its file system.
/// </summary>
public sealed class StoreDiskGauges
{
    public const string MeterName = "CommandCenter.Storage";

    private readonly CachedReading<IReadOnlyDictionary<string, long>> _usage;

    public StoreDiskGauges(IMeterFactory meters, IOptions<DataOptions> data, IOptions<MetricsOptions> options, TimeProvider time, ILogger<StoreDiskGauges> logger)
    {
        var folder = data.Value.FullPath;
        _usage = new CachedReading<IReadOnlyDictionary<string, long>>(
            () => Task.FromResult(Measure(folder)), new Dictionary<string, long>(), options.Value.GaugeRefresh, time, logger, $"disk use of {folder}");
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("commandcenter.storage.disk_usage",
            () => _usage.Current.Select(store => new Measurement<long>(store.Value, new KeyValuePair<string, object?>("store", store.Key))),
            "By", "Bytes each store in the data folder takes on disk.");
        meter.CreateObservableGauge("commandcenter.storage.disk_free", () => new DriveInfo(folder).AvailableFreeSpace, "By",
            "Bytes free on the file system of the data folder.");
    }

    /// <summary>Bytes per store: top-level folders by name, files by the part of their name before the first dot.</summary>
    public static IReadOnlyDictionary<string, long> Measure(string folder)
    {
        var usage = new Dictionary<string, long>(StringComparer.Ordinal);
        var everything = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos())
        {
            var (store, bytes) = entry is DirectoryInfo directory
                ? (directory.Name, directory.EnumerateFiles("*", everything).Sum(file => file.Length))
                : (entry.Name.Split('.')[0], ((FileInfo)entry).Length);
            usage[store] = usage.GetValueOrDefault(store) + bytes;
        }

        return usage;
    }
}
