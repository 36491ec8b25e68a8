using CommandCenter.Plumbing;
using Microsoft.Extensions.Time.Testing;

namespace CommandCenter.UiTests;

public sealed class CoalescerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly FakeTimeProvider _time = new(WallData.Start);
    private int _runs;

    private Coalescer Create() => new(Interval, _time, () =>
    {
        _runs++;
        return Task.CompletedTask;
    });

    [Fact]
    public void Request_Burst_RunsOnceAtOnceAndOnceMoreAfterTheInterval()
    {
        using var coalescer = Create();

        for (var i = 0; i < 50; i++)
        {
            coalescer.Request();
            _time.Advance(TimeSpan.FromMilliseconds(2));
        }

        _runs.ShouldBe(1);
        _time.Advance(Interval);
        _runs.ShouldBe(2);
        _time.Advance(Interval * 4);
        _runs.ShouldBe(2);
    }

    [Fact]
    public void Request_SteadyStream_RunsAtMostOncePerInterval()
    {
        using var coalescer = Create();

        for (var i = 0; i < 100; i++)
        {
            coalescer.Request();
            _time.Advance(TimeSpan.FromMilliseconds(10));
        }

        // One second of requests every 10 ms: four or five runs, never a hundred.
        _runs.ShouldBeInRange(4, 5);
    }

    [Fact]
    public void RunNow_WhileARunIsPending_RunsAtOnceAndDropsTheWait()
    {
        using var coalescer = Create();
        coalescer.Request();
        coalescer.Request();

        coalescer.RunNow();

        _runs.ShouldBe(2);
        _time.Advance(Interval);
        _runs.ShouldBe(2);
    }

    [Fact]
    public void Dispose_WithARunPending_NeverRunsIt()
    {
        var coalescer = Create();
        coalescer.Request();
        coalescer.Request();

        coalescer.Dispose();
        _time.Advance(Interval);

        _runs.ShouldBe(1);
    }
}
