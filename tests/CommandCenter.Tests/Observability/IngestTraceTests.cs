using System.Diagnostics;
using System.Text;
using CommandCenter.Protocol;
using CommandCenter.TelemetryIngest;
using CommandCenter.TelemetryIngest.DeadLetters;
using CommandCenter.TelemetryIngest.Devices;
using CommandCenter.TelemetryIngest.Journal;
using CommandCenter.TelemetryIngest.Broker.Listener;
using CommandCenter.TelemetryIngest.Pipeline;
using CommandCenter.TelemetryIngest.Sequencing;
using CommandCenter.TelemetryIngest.Storage;
using CommandCenter.TelemetryIngest.Telemetry;
using CommandCenter.TelemetryIngest.Validation;
using CommandCenter.Testing;
using CommandCenter.Tests.Grains;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Shouldly;

namespace CommandCenter.Tests.Observability;

/// <summary>
/// One device message is one trace: the real pipeline (decoder, fsync'd spool, dedupe, dead letters) routing to the
/// test cluster's grains, its spans caught by OpenTelemetry's in-memory exporter.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class IngestTraceTests(ClusterFixture fixture) : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cc-trace-").FullName;
    private IngestJournal? _journal;
    private DeadLetterStore? _deadLetters;

    [Fact]
    public async Task OneAcceptedMessage_IsOneTrace_WithDecodeSpoolAndGrainInOrder()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(IngestTracing.SourceName).SetSampler(new AlwaysOnSampler()).AddInMemoryExporter(spans).Build();
        var pipeline = Pipeline();
        var id = TestDevices.NextElevator();

        var outcome = await pipeline.HandleAsync(StatusOf(id), TestContext.Current.CancellationToken);

        outcome.Result.ShouldBe(IngestResult.Accepted);
        tracing.ForceFlush();
        var mine = spans.Where(s => spans.Any(root => root.TraceId == s.TraceId && (string?)root.GetTagItem("commandcenter.device.id") == id)).ToList();
        var message = mine.Where(s => s.OperationName == "ingest.message").ShouldHaveSingleItem();
        message.ParentSpanId.ShouldBe(default);
        message.GetTagItem("commandcenter.ingest.result").ShouldBe(nameof(IngestResult.Accepted));
        var stages = mine.Where(s => s.ParentSpanId == message.SpanId).OrderBy(s => s.StartTimeUtc).ToList();
        stages.Select(s => s.OperationName).ShouldBe(["ingest.decode", "ingest.spool", "ingest.grain"]);
        stages.Zip(stages.Skip(1)).ShouldAllBe(pair => pair.First.StartTimeUtc + pair.First.Duration <= pair.Second.StartTimeUtc);
        mine.Count.ShouldBe(4);
    }

    [Fact]
    public async Task ARefusedMessage_EndsItsTraceAfterDecoding()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(IngestTracing.SourceName).SetSampler(new AlwaysOnSampler()).AddInMemoryExporter(spans).Build();
        var topic = Topics.ElevatorStatus(TestDevices.NextElevator());

        var outcome = await Pipeline().HandleAsync(new IngestMessage(topic, "{\"floor\": 3"u8.ToArray(), null, null), TestContext.Current.CancellationToken);

        outcome.Result.ShouldBe(IngestResult.Rejected);
        tracing.ForceFlush();
        var message = spans.Where(s => s.OperationName == "ingest.message" && (string?)s.GetTagItem("messaging.destination.name") == topic).ShouldHaveSingleItem();
        spans.Where(s => s.ParentSpanId == message.SpanId).Select(s => s.OperationName).ShouldBe(["ingest.decode"]);
    }

    [Fact]
    public void WithoutATracer_AMessageStartsNoActivity()
    {
        IngestTracing.Source.HasListeners().ShouldBeFalse();

        IngestTracing.StartMessage("cc/v1/elevators/EL-T0001/status").ShouldBeNull();
    }

    [Fact]
    public void AMessageTheRootSamplerDrops_RecordsNothingAndStartsNoStage()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(IngestTracing.SourceName).SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(0))).AddInMemoryExporter(spans).Build();

        using (var message = IngestTracing.StartMessage("cc/v1/elevators/EL-T0001/status"))
        {
            (message?.Recorded ?? false).ShouldBeFalse();
            IngestTracing.StartStage(message, "ingest.decode").ShouldBeNull();
        }

        tracing.ForceFlush();
        spans.ShouldBeEmpty();
    }

    public async ValueTask DisposeAsync()
    {
        if (_journal is not null)
        {
            await _journal.DisposeAsync();
        }

        if (_deadLetters is not null)
        {
            await _deadLetters.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    private static IngestMessage StatusOf(string id) =>
        new(Topics.ElevatorStatus(id), Encoding.UTF8.GetBytes(StatusJson.For(id, 1, 3, DateTimeOffset.UtcNow)), id, Publisher: null);

    private IngestPipeline Pipeline()
    {
        var data = Options.Create(new DataOptions { Path = _folder });
        var time = TimeProvider.System;
        _journal = new IngestJournal(data, Options.Create(new JournalOptions()), time, NullLogger<IngestJournal>.Instance);
        _deadLetters = new DeadLetterStore(data, Options.Create(new MqttListenerOptions()), time, NullLogger<DeadLetterStore>.Instance);
        var registry = new DeviceRegistry(data, Options.Create(new DeviceAuthOptions { AllowUnregistered = true }), time, NullLogger<DeviceRegistry>.Instance);
        return new IngestPipeline(
            new MessageDecoder(Options.Create(new IngestValidationOptions()), time),
            new MessageRouter(fixture.Client, fixture.City, ClusterFixture.DemoCity),
            _journal,
            new SequenceTracker(),
            _deadLetters,
            registry,
            new TimeSeriesWriter(_journal, new UnusedStore(), Options.Create(new InfluxOptions()), time, NullLogger<TimeSeriesWriter>.Instance),
            NullLogger<IngestPipeline>.Instance);
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
