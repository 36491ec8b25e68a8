using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CommandCenter.UiTests;

/// <summary>All wall screens of a process share one read of the wall data per refresh interval.</summary>
public sealed class WallSnapshotCacheTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _time = new(WallData.Start);
    private readonly CountingSource _source;
    private readonly WallSnapshotCache _cache;

    public WallSnapshotCacheTests()
    {
        _source = new CountingSource(_time);
        _cache = new WallSnapshotCache(_source, Options.Create(new WallOptions { RefreshInterval = Interval }), _time, NullLogger<WallSnapshotCache>.Instance);
    }

    public async ValueTask InitializeAsync() => await _cache.StartAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _cache.StopAsync(CancellationToken.None);
        _cache.Dispose();
    }

    [Fact]
    public async Task Refresh_TwoScreensOpen_OneReadReachesBoth()
    {
        var first = new List<WallSnapshot>();
        var second = new List<WallSnapshot>();
        var opened = await _cache.GetAsync(CancellationToken.None);
        var alsoOpened = await _cache.GetAsync(CancellationToken.None);
        using var screenA = _cache.Subscribe(Record(first));
        using var screenB = _cache.Subscribe(Record(second));

        _time.Advance(Interval);
        _time.Advance(Interval);

        alsoOpened.ShouldBeSameAs(opened);
        _source.Reads.ShouldBe(3);
        first.Count.ShouldBe(2);
        second.ShouldBe(first);
        first[^1].ReadAt.ShouldBe(WallData.Start + (2 * Interval));
    }

    [Fact]
    public async Task Refresh_NoScreenOpen_ReadsNothingAndTheNextScreenReadsAfresh()
    {
        _time.Advance(Interval * 3);

        var opened = await _cache.GetAsync(CancellationToken.None);

        _source.Reads.ShouldBe(1);
        opened.ReadAt.ShouldBe(WallData.Start + (Interval * 3));
    }

    [Fact]
    public async Task Refresh_LastScreenClosed_StopsReadingAndAnOutdatedSnapshotIsNotReused()
    {
        var seen = new List<WallSnapshot>();
        var screen = _cache.Subscribe(Record(seen));
        _time.Advance(Interval);

        screen.Dispose();
        _time.Advance(Interval);
        var reopened = await _cache.GetAsync(CancellationToken.None);

        seen.Count.ShouldBe(1);
        _source.Reads.ShouldBe(2);
        reopened.ReadAt.ShouldBe(WallData.Start + (2 * Interval));
    }

    private static Func<WallSnapshot, Task> Record(List<WallSnapshot> into) => snapshot =>
    {
        into.Add(snapshot);
        return Task.CompletedTask;
    };

    /// <summary>Stands in for the grains: every read is counted and stamped with the fake clock.</summary>
    private sealed class CountingSource(TimeProvider time) : IWallSnapshotSource
    {
        public int Reads { get; private set; }

        public Task<WallSnapshot> ReadAsync(CancellationToken cancellationToken)
        {
            Reads++;
            return Task.FromResult(WallData.Snapshot(time.GetUtcNow()));
        }
    }
}
