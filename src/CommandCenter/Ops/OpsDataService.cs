using CommandCenter.Grains.Abstractions;
using CommandCenter.Notifications;
using CommandCenter.TelemetryIngest;
using CommandCenter.TelemetryIngest.Broker;
using CommandCenter.TelemetryIngest.Broker.Listener;
using CommandCenter.TelemetryIngest.DeadLetters;
using CommandCenter.TelemetryIngest.Journal;
using CommandCenter.TelemetryIngest.Pipeline;
using CommandCenter.TelemetryIngest.Storage;
using CommandCenter.TelemetryIngest.Validation;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace CommandCenter.Ops;

/// <summary>
/// The operations page's figures, read from what the process already counts: ingest, dead letters, the
/// spool and its writer, the broker, the cluster's membership and each silo's load, the notification
/// outbox and the data folder. One read serves every caller for <see cref="OpsOptions.RefreshInterval"/>,
/// and callers arriving together share it, so open pages cost one read per interval.
/// </summary>
public sealed class OpsDataService(
    IngestPipeline pipeline,
    DeadLetterStore deadLetters,
    TimeSeriesWriter writer,
    IngestJournal journal,
    IMqttIngress ingress,
    IGrainFactory grains,
    ILocalSiloDetails localSilo,
    NotificationOutbox outbox,
    IOptions<OpsOptions> options,
    IOptions<DataOptions> data,
    IOptions<JournalOptions> spool,
    IOptions<MqttBrokerOptions> mqtt,
    TimeProvider time,
    ILogger<OpsDataService> logger,
    MqttConnectionAdmission? admission = null)
{
    /// <summary>Silos that left the cluster stay listed this long after their last sign of life.</summary>
    public static readonly TimeSpan DeadSilosShownFor = TimeSpan.FromDays(1);

    private readonly Lock _gate = new();
    private Task<OpsSnapshot>? _reading;
    private OpsSnapshot? _current;
    private (DateTimeOffset At, IngestStatistics Statistics)? _previous;

    public TimeSpan RefreshInterval => options.Value.RefreshInterval;

    /// <summary>The figures if read within the refresh interval, otherwise a fresh read shared with concurrent callers.</summary>
    public Task<OpsSnapshot> GetAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_current is { } current && time.GetUtcNow() - current.ReadAt < RefreshInterval)
            {
                return Task.FromResult(current);
            }

            if (_reading is not { IsCompleted: false })
            {
                _reading = ReadAsync();
            }

            return _reading.WaitAsync(cancellationToken);
        }
    }

    /// <summary>The newest dead letters, of one reason or one device or both (the page's filters).</summary>
    public IReadOnlyList<DeadLetter> DeadLetters(RejectReason? reason, string? deviceId) =>
        deadLetters.Newest(options.Value.DeadLettersShown, reason, deviceId);

    private async Task<OpsSnapshot> ReadAsync()
    {
        var unavailable = new List<OpsPart>();
        var silos = await ReadPartAsync(OpsPart.Silos, ReadSilosAsync, [], unavailable);
        var deliveries = await ReadPartAsync(OpsPart.Deliveries, ReadFailedDeliveriesAsync, new FailedDeliveries(0, []), unavailable);
        var disk = await ReadPartAsync(OpsPart.Disk, () => Task.FromResult(DataFolderUsage.Measure(data.Value.FullPath)), new DiskUse(data.Value.FullPath, [], null, null), unavailable);

        var now = time.GetUtcNow();
        var statistics = pipeline.GetStatistics();
        var snapshot = new OpsSnapshot(
            now,
            IngestOf(now, statistics),
            CountsOf(deadLetters.CountsByReason()),
            deadLetters.Newest(options.Value.DeadLettersShown),
            SpoolOf(now, statistics),
            BrokerOf(),
            silos,
            deliveries,
            disk,
            unavailable);
        lock (_gate)
        {
            _previous = (now, statistics);
            _current = snapshot;
        }

        return snapshot;
    }

    private async Task<T> ReadPartAsync<T>(OpsPart part, Func<Task<T>> read, T empty, List<OpsPart> unavailable)
    {
        try
        {
            return await read();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogWarning(ex, "The operations page could not read its {Part}", part);
            unavailable.Add(part);
            return empty;
        }
    }

    /// <summary>Rates over the time since the previous read; none when there is none, or it is too old to say what happens now.</summary>
    private IngestFigures IngestOf(DateTimeOffset now, IngestStatistics statistics)
    {
        double? Rate(Func<IngestStatistics, long> counter) =>
            _previous is { } previous && now - previous.At is { } elapsed && elapsed > TimeSpan.Zero && elapsed <= 3 * RefreshInterval
                ? (counter(statistics) - counter(previous.Statistics)) / elapsed.TotalSeconds
                : null;

        return new IngestFigures(
            statistics.Accepted,
            statistics.Rejected,
            statistics.Duplicates,
            statistics.Overloaded,
            statistics.PointsWritten,
            Rate(s => s.Accepted),
            Rate(s => s.Rejected),
            Rate(s => s.PointsWritten));
    }

    private SpoolFigures SpoolOf(DateTimeOffset now, IngestStatistics statistics)
    {
        // The oldest waiting point's age, the same figure /metrics gives as commandcenter.ingest.spool.oldest_age.
        return new SpoolFigures(statistics.PointsSpooled, statistics.SpoolBytes, spool.Value.MaxBytes, statistics.InfluxReachable, writer.LastWriteAt, journal.OldestPendingAge);
    }

    private BrokerFigures BrokerOf() => new(
        mqtt.Value.Mode.ToString(),
        ingress.IsRunning,
        ingress.Describe(),
        admission?.OpenConnections,
        admission?.MaxConnections,
        CountsOf(deadLetters.ConnectionsRefusedSinceStart.ToDictionary()));

    private async Task<IReadOnlyList<SiloFigures>> ReadSilosAsync()
    {
        var management = grains.GetGrain<IManagementGrain>(GrainKeys.Management);
        var now = time.GetUtcNow();
        var members = (await management.GetDetailedHosts(onlyActive: false))
            .Where(m => m.Status != SiloStatus.Dead || now - Utc(m.IAmAliveTime) < DeadSilosShownFor)
            .OrderBy(m => m.SiloName, StringComparer.Ordinal)
            .ToList();
        var active = members.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).ToArray();
        var loads = active.Length == 0 ? [] : await management.GetRuntimeStatistics(active);
        var loadOf = active.Zip(loads).ToDictionary(pair => pair.First, pair => pair.Second);
        return [.. members.Select(m => new SiloFigures(
            m.SiloAddress.ToParsableString(),
            m.SiloName,
            m.HostName,
            m.Status.ToString(),
            m.SiloAddress.Equals(localSilo.SiloAddress),
            Utc(m.StartTime),
            Utc(m.IAmAliveTime),
            loadOf.TryGetValue(m.SiloAddress, out var load) ? LoadOf(load) : null))];
    }

    private static SiloLoad LoadOf(SiloRuntimeStatistics load) => new(
        load.ActivationCount,
        load.EnvironmentStatistics.FilteredCpuUsagePercentage,
        load.EnvironmentStatistics.FilteredMemoryUsageBytes,
        load.EnvironmentStatistics.FilteredAvailableMemoryBytes,
        load.IsOverloaded,
        load.ClientCount,
        load.ReceivedMessages,
        load.SentMessages);

    private async Task<FailedDeliveries> ReadFailedDeliveriesAsync()
    {
        var (total, newest) = await outbox.FailedAsync(options.Value.FailedDeliveriesShown);
        return new FailedDeliveries(total, [.. newest.Select(d => new FailedDelivery(
            d.Subject, d.Step, d.Channel, d.RecipientRole, d.RecipientName, d.Attempts, d.CreatedAt, d.LastAttemptAt, d.Result))]);
    }

    private static IReadOnlyList<ReasonCount> CountsOf(IReadOnlyDictionary<RejectReason, long> counts) =>
        [.. counts.Where(pair => pair.Value > 0).OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key).Select(pair => new ReasonCount(pair.Key, pair.Value))];

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
