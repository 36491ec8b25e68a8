using CommandCenter.Live;
using CommandCenter.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.JSInterop;
using Shouldly;

namespace CommandCenter.Tests.Live;

public sealed class LiveFeedTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task AScreenClosingAsAChangeArrives_IsNoWarning_ButAFailingScreenIs()
    {
        var logger = new RecordingLogger<LiveFeed>();
        var feed = new LiveFeed(logger);
        var taken = 0;
        using var closed = feed.Subscribe(_ => throw new JSDisconnectedException("the tab was closed"));
        using var disposed = feed.Subscribe(_ => throw new ObjectDisposedException("renderer"));
        using var broken = feed.Subscribe(_ => throw new InvalidOperationException("a bug in a screen"));
        using var healthy = feed.Subscribe(_ =>
        {
            Interlocked.Increment(ref taken);
            return Task.CompletedTask;
        });

        feed.Publish(LiveChange.Of([]));

        await Eventually.TrueAsync(() => Task.FromResult(logger.Entries.Count == 3), Deadline, "every failed delivery logged");
        taken.ShouldBe(1);
        logger.Entries.Count(entry => entry.Level == LogLevel.Debug).ShouldBe(2);
        logger.Entries.Where(entry => entry.Level == LogLevel.Warning).ShouldHaveSingleItem().Message.ShouldContain("failed to take a change");
    }
}
