using System.Diagnostics;
using System.Text;
using CommandCenter.Grains.Live;
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
using CommandCenter.Tests.Ingest;
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
    private TestPipeline? _pipeline;

    [Fact]
    public async Task OneAcceptedStatus_IsOneTrace_WithDecodeAndSpoolBeforeItsAcknowledgementAndItsGrainAfter()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(IngestTracing.SourceName).SetSampler(new AlwaysOnSampler()).AddInMemoryExporter(spans).Build();
        var pipeline = await StartedPipelineAsync();
        var id = TestDevices.NextElevator();

        var outcome = await pipeline.HandleAsync(StatusOf(id), TestContext.Current.CancellationToken);

        outcome.Result.ShouldBe(IngestResult.Accepted);
        var mine = await Eventually.ValueAsync(
            () =>
            {
                tracing.ForceFlush();
                Activity[] finished = [.. spans];
                var traces = finished.Where(s => s.OperationName == IngestTracing.MessageSpanName && (string?)s.GetTagItem("commandcenter.device.id") == id)
                    .Select(s => s.TraceId).ToHashSet();
                var spansOfIt = finished.Where(s => traces.Contains(s.TraceId)).ToList();
                return Task.FromResult(spansOfIt.Any(s => s.OperationName == "ingest.grain") ? spansOfIt : null);
            },
            TimeSpan.FromSeconds(30),
            "the status applied to its grain");
        var message = mine.Where(s => s.OperationName == IngestTracing.MessageSpanName).ShouldHaveSingleItem();
        message.ParentSpanId.ShouldBe(default);
        message.GetTagItem("commandcenter.ingest.result").ShouldBe(nameof(IngestResult.Accepted));
        var stages = mine.Where(s => s.ParentSpanId == message.SpanId).OrderBy(s => s.StartTimeUtc).ToList();
        stages.Select(s => s.OperationName).ShouldBe(["ingest.decode", "ingest.spool", "ingest.grain"]);
        stages.Zip(stages.Skip(1)).ShouldAllBe(pair => pair.First.StartTimeUtc + pair.First.Duration <= pair.Second.StartTimeUtc);

        // Acknowledged once spooled: the message's own span ends before its grain is called.
        (message.StartTimeUtc + message.Duration).ShouldBeLessThanOrEqualTo(stages[2].StartTimeUtc);
        mine.Count.ShouldBe(4);
    }

    [Fact]
    public async Task ARefusedMessage_EndsItsTraceAfterDecoding()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(IngestTracing.SourceName).SetSampler(new AlwaysOnSampler()).AddInMemoryExporter(spans).Build();
        var topic = Topics.ElevatorStatus(TestDevices.NextElevator());

        var outcome = await (await StartedPipelineAsync()).HandleAsync(new IngestMessage(topic, "{\"floor\": 3"u8.ToArray(), null, null), TestContext.Current.CancellationToken);

        outcome.Result.ShouldBe(IngestResult.Rejected);
        tracing.ForceFlush();
        var message = spans.Where(s => s.OperationName == "ingest.message" && (string?)s.GetTagItem("messaging.destination.name") == topic).ShouldHaveSingleItem();
        spans.Where(s => s.ParentSpanId == message.SpanId).Select(s => s.OperationName).ShouldBe(["ingest.decode"]);
    }

    [Fact]
    public void WithoutATracer_AMessageStartsNoActivity()
    {
        IngestTracing.Source.HasListeners().ShouldBeFalse();

        IngestTracing.StartMessage("cc/v1/elevators/EL-T0001/status", MessageTraceSampler.Always).ShouldBeNull();
    }

    [Fact]
    public async Task AMessageTheSamplerPassesOver_StartsNoActivityAtAll()
    {
        var spans = new List<Activity>();
        var started = 0;
        using var counting = new ActivityListener
        {
            ShouldListenTo = source => source.Name == IngestTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = _ => Interlocked.Increment(ref started),
        };
        ActivitySource.AddActivityListener(counting);
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(IngestTracing.SourceName).SetSampler(new AlwaysOnSampler()).AddInMemoryExporter(spans).Build();

        var outcome = await (await StartedPipelineAsync(new MessageTraceSampler(0))).HandleAsync(StatusOf(TestDevices.NextElevator()), TestContext.Current.CancellationToken);

        outcome.Result.ShouldBe(IngestResult.Accepted);
        tracing.ForceFlush();
        started.ShouldBe(0);
        spans.ShouldBeEmpty();
    }

    [Fact]
    public async Task ATracedMessage_EndsWithThePushOfItsChange()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(IngestTracing.SourceName, PushTracing.SourceName).SetSampler(new AlwaysOnSampler()).AddInMemoryExporter(spans).Build();
        var id = TestDevices.NextElevator();

        (await (await StartedPipelineAsync()).HandleAsync(StatusOf(id), TestContext.Current.CancellationToken)).Result.ShouldBe(IngestResult.Accepted);

        // The push leaves with the live notifier's next batch, after the message's own trace has ended.
        var push = await Eventually.ValueAsync(
            () =>
            {
                tracing.ForceFlush();
                Activity[] finished = [.. spans];
                var traced = finished.SingleOrDefault(s => s.OperationName == IngestTracing.MessageSpanName && (string?)s.GetTagItem("commandcenter.device.id") == id);
                return Task.FromResult(traced is null ? null : finished.SingleOrDefault(s => s.OperationName == PushTracing.PushSpanName && s.ParentSpanId == traced.SpanId));
            },
            TimeSpan.FromSeconds(30),
            "the push of the message's change");

        var message = spans.Single(s => s.OperationName == IngestTracing.MessageSpanName && (string?)s.GetTagItem("commandcenter.device.id") == id);
        push.TraceId.ShouldBe(message.TraceId);
        var grain = spans.Single(s => s.OperationName == "ingest.grain" && s.ParentSpanId == message.SpanId);
        push.StartTimeUtc.ShouldBeGreaterThanOrEqualTo(grain.StartTimeUtc);
        ((int?)push.GetTagItem("commandcenter.live.batch")).ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(1);
    }

    public async ValueTask DisposeAsync()
    {
        if (_pipeline is not null)
        {
            await _pipeline.DisposeAsync();
        }
    }

    private static IngestMessage StatusOf(string id) =>
        new(Topics.ElevatorStatus(id), Encoding.UTF8.GetBytes(StatusJson.For(id, 1, 3, DateTimeOffset.UtcNow)), id, Publisher: null);

    private async Task<IngestPipeline> StartedPipelineAsync(MessageTraceSampler? sampler = null)
    {
        _pipeline = new TestPipeline(fixture, sampler);
        await _pipeline.StartAsync();
        return _pipeline.Pipeline;
    }
}
