using CommandCenter.TelemetryIngest;
using CommandCenter.TelemetryIngest.Broker.Listener;
using CommandCenter.TelemetryIngest.DeadLetters;
using CommandCenter.TelemetryIngest.Devices;
using CommandCenter.TelemetryIngest.Journal;
using CommandCenter.TelemetryIngest.Pipeline;
using CommandCenter.TelemetryIngest.Sequencing;
using CommandCenter.TelemetryIngest.Storage;
using CommandCenter.TelemetryIngest.Telemetry;
using CommandCenter.TelemetryIngest.Validation;
using CommandCenter.Tests.Grains;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CommandCenter.Tests.Ingest;

/// <summary>
/// The real ingest pipeline (decoder, fsync'd spool in a temporary folder, dedupe, dead letters, status applier) routing
/// to the test cluster's grains; any device may publish. Statuses reach their grains on the applier's turns, which run on
/// <paramref name="applierTime"/> (real time unless a test steps it).
/// </summary>
public sealed class TestPipeline : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cc-pipeline-").FullName;
    private readonly IngestJournal _journal;
    private readonly DeadLetterStore _deadLetters;

    public TestPipeline(ClusterFixture fixture, MessageTraceSampler? sampler = null, TimeProvider? applierTime = null)
    {
        var data = Options.Create(new DataOptions { Path = _folder });
        var time = TimeProvider.System;
        _journal = new IngestJournal(data, Options.Create(new JournalOptions()), TestAlarmLane.Instance, time, NullLogger<IngestJournal>.Instance);
        _deadLetters = new DeadLetterStore(data, Options.Create(new MqttListenerOptions()), time, NullLogger<DeadLetterStore>.Instance);
        var registry = new DeviceRegistry(data, Options.Create(new DeviceAuthOptions { AllowUnregistered = true }), time, NullLogger<DeviceRegistry>.Instance);
        var router = new MessageRouter(fixture.Client, fixture.City, ClusterFixture.DemoCity);
        Statuses = new StatusApplier(
            router, _journal, Options.Create(new StatusApplyOptions()), applierTime ?? time, NullLogger<StatusApplier>.Instance);
        Pipeline = new IngestPipeline(
            new MessageDecoder(Options.Create(new IngestValidationOptions()), time),
            router,
            Statuses,
            _journal,
            new SequenceTracker(),
            _deadLetters,
            registry,
            new TimeSeriesWriter(_journal, new UnusedStore(), Options.Create(new InfluxOptions()), time, NullLogger<TimeSeriesWriter>.Instance),
            sampler ?? MessageTraceSampler.Always,
            NullLogger<IngestPipeline>.Instance);
    }

    public IngestPipeline Pipeline { get; }

    public StatusApplier Statuses { get; }

    /// <summary>Starts the applier's turns.</summary>
    public Task StartAsync() => Statuses.StartAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Statuses.StopAsync(CancellationToken.None);
        Statuses.Dispose();
        await _journal.DisposeAsync();
        await _deadLetters.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The writer is never started here: nothing reaches a store.</summary>
    private sealed class UnusedStore : ITimeSeriesStore
    {
        public Task EnsureReadyAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task WriteAsync(IReadOnlyList<string> lines, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> PingAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<ElevatorHistoryPoint>> ReadElevatorHistoryAsync(
            string deviceId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<SeriesRetention>> ReadRetentionAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
