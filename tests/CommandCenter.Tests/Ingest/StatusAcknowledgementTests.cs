using System.Text;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Protocol;
using CommandCenter.TelemetryIngest.Pipeline;
using CommandCenter.Testing;
using CommandCenter.Tests.Grains;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace CommandCenter.Tests.Ingest;

/// <summary>
/// A lift status is acknowledged once it is fsync'd in the spool, before its grain has it; an event still waits for its
/// grain. The real pipeline routes to the test cluster; the applier's turns run on fake time that only the test steps.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class StatusAcknowledgementTests(ClusterFixture fixture) : IAsyncDisposable
{
    private readonly FakeTimeProvider _applierTime = new();
    private TestPipeline? _pipeline;

    [Fact]
    public async Task AStatus_IsAcknowledgedBeforeItsElevatorHasIt_AndReachesItAtTheApplierTurn()
    {
        var pipeline = await StartAsync();
        var id = TestDevices.NextElevator();
        var elevator = fixture.Client.GetGrain<IElevatorGrain>(id);

        var outcome = await pipeline.HandleAsync(Message(Topics.ElevatorStatus(id), StatusJson.For(id, 1, 7, DateTimeOffset.UtcNow)), TestContext.Current.CancellationToken);

        outcome.Result.ShouldBe(IngestResult.Accepted);
        (await elevator.GetSnapshotAsync()).ShouldBeNull();

        _applierTime.Advance(new StatusApplyOptions().CoalesceWindow);
        await Eventually.TrueAsync(async () => (await elevator.GetSnapshotAsync())?.Status?.Floor == 7, TimeSpan.FromSeconds(10), "the status on its elevator");
    }

    [Fact]
    public async Task AFaultEvent_IsAcknowledgedOnlyOnceItsElevatorHasTheAlarm()
    {
        var pipeline = await StartAsync();
        var id = TestDevices.NextElevator();
        var elevator = fixture.Client.GetGrain<IElevatorGrain>(id);
        (await pipeline.HandleAsync(Message(Topics.ElevatorStatus(id), StatusJson.For(id, 1, 3, DateTimeOffset.UtcNow)), TestContext.Current.CancellationToken))
            .Result.ShouldBe(IngestResult.Accepted);
        _applierTime.Advance(new StatusApplyOptions().CoalesceWindow);
        await Eventually.TrueAsync(async () => await elevator.GetSnapshotAsync() is not null, TimeSpan.FromSeconds(10), "the status on its elevator");
        var fault = $$"""{"schema":1,"deviceId":"{{id}}","seq":2,"ts":"{{DateTimeOffset.UtcNow:O}}","code":"02","state":"raised","floor":3}""";

        var outcome = await pipeline.HandleAsync(Message(Topics.For(MessageKind.ElevatorEvent, id), fault), TestContext.Current.CancellationToken);

        outcome.Result.ShouldBe(IngestResult.Accepted);
        (await elevator.GetSnapshotAsync()).ShouldNotBeNull().OpenAlarms.ShouldHaveSingleItem().Code.ShouldBe("02");
    }

    public async ValueTask DisposeAsync()
    {
        if (_pipeline is not null)
        {
            await _pipeline.DisposeAsync();
        }
    }

    private async Task<IngestPipeline> StartAsync()
    {
        _pipeline = new TestPipeline(fixture, applierTime: _applierTime);
        await _pipeline.StartAsync();
        return _pipeline.Pipeline;
    }

    private static IngestMessage Message(string topic, string json) => new(topic, Encoding.UTF8.GetBytes(json), ClientId: null, Publisher: null);
}
