using CommandCenter.Grains.Abstractions;
using CommandCenter.Live;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CommandCenter.UiTests;

/// <summary>The hub's elevator pushes: a few batches a second per group at most, the newest state always delivered.</summary>
public sealed class ElevatorPushBatcherTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly FakeTimeProvider _time = new(WallData.Start);
    private readonly List<(string Group, IReadOnlyList<LiveElevator> Batch)> _sent = [];
    private readonly ElevatorPushBatcher _batcher;

    public ElevatorPushBatcherTests() =>
        _batcher = new ElevatorPushBatcher(Interval, _time, (group, batch) =>
        {
            _sent.Add((group, batch));
            return Task.CompletedTask;
        }, NullLogger.Instance);

    [Fact]
    public void Add_OneSecondOfChangesEvery10Ms_PushesAtMostFiveBatchesEndingWithTheLastFloor()
    {
        for (var i = 0; i < 100; i++)
        {
            _batcher.Add("wall", Wire("EL-0001", i, _time.GetUtcNow()));
            _time.Advance(TimeSpan.FromMilliseconds(10));
        }

        _time.Advance(Interval);

        _sent.Count.ShouldBeInRange(4, 5);
        _sent[^1].Batch.Single().Status!.Floor.ShouldBe(99);
    }

    [Fact]
    public void Add_TwoGroups_EachGetsItsOwnBatchAtOnce()
    {
        _batcher.Add("wall", Wire("EL-0001", 3, _time.GetUtcNow()));
        _batcher.Add("grid/G-1", Wire("EL-0001", 3, _time.GetUtcNow()));

        _sent.Select(s => s.Group).ShouldBe(["wall", "grid/G-1"]);
    }

    [Fact]
    public void Add_OlderReportAfterNewer_KeepsTheNewer()
    {
        _batcher.Add("wall", Wire("EL-0002", 1, _time.GetUtcNow()));
        var now = _time.GetUtcNow();

        _batcher.Add("wall", Wire("EL-0002", 8, now + TimeSpan.FromSeconds(1)));
        _batcher.Add("wall", Wire("EL-0002", 5, now));
        _time.Advance(Interval);

        _sent.Count.ShouldBe(2);
        _sent[1].Batch.Single().Status!.Floor.ShouldBe(8);
    }

    public void Dispose() => _batcher.Dispose();

    private static readonly LiveWire Mapping = new(new StringLocalizer<CommandCenter.Alarms.AlarmText>(
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance)));

    private static LiveElevator Wire(string id, int floor, DateTimeOffset reportedAt) => Mapping.ToWire(WallData.Elevator(id, floor, reportedAt));
}
