using CommandCenter.Protocol;
using CommandCenter.Testing;
using Microsoft.Playwright;
using Shouldly;

namespace CommandCenter.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class WallPageTests(BrowserFixture fixture) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => fixture.CloseContextsAsync();

    private const float Timeout = 15_000;

    // Other classes of the collection publish for the same lifts on the shared host; sequence numbers from the
    // clock never repeat theirs, so ingest's de-duplication cannot take these statuses for replays.
    private static long FreshSeq() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static readonly string[] Charted = [.. Enumerable.Range(2, 3).Select(TestDevices.ElevatorId)];

    [Fact]
    public async Task WallPage_StatusPublishedOverMqtt_ShowsTheNewFloorLive()
    {
        var id = TestDevices.ElevatorId(1);
        await using var device = await MqttTestClient.ConnectAsync(fixture.Host.MqttPort, id);
        var seq = FreshSeq();
        (await device.PublishAsync(Topics.ElevatorStatus(id), StatusJson.For(id, seq, 3))).IsSuccess.ShouldBeTrue();

        var page = await fixture.OpenWallAsync(fixture.Host);
        var floor = page.Locator($"[data-elevator='{id}'] [data-testid='floor']");
        await Assertions.Expect(floor).ToHaveTextAsync("3", new() { Timeout = Timeout });

        (await device.PublishAsync(Topics.ElevatorStatus(id), StatusJson.For(id, seq + 1, 14))).IsSuccess.ShouldBeTrue();

        await Assertions.Expect(floor).ToHaveTextAsync("14", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("[data-testid='feed-state']")).ToHaveTextAsync("实时");
    }

    [Fact]
    public async Task WallPage_SeveralElevatorsMoving_DrawsTheLiveFloorChart()
    {
        var page = await fixture.OpenWallAsync(fixture.Host);

        var start = DateTimeOffset.UtcNow;
        var firstSeq = FreshSeq();
        for (var step = 0; step < 5; step++)
        {
            foreach (var id in Charted)
            {
                await using var device = await MqttTestClient.ConnectAsync(fixture.Host.MqttPort, id);
                var ack = await device.PublishAsync(Topics.ElevatorStatus(id), StatusJson.For(id, firstSeq + step, step + 2, start.AddSeconds(step)));
                ack.IsSuccess.ShouldBeTrue(ack.ReasonString);
            }

            await page.Locator($"[data-elevator='{Charted[2]}'] [data-testid='floor']")
                .Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex($"^{step + 2}$") })
                .WaitForAsync(new() { Timeout = Timeout });
        }

        // apexcharts draws a legend entry and a line per series once it has data.
        var chart = page.Locator("[data-testid='floor-chart']");
        await Assertions.Expect(chart.Locator(".apexcharts-legend-text", new() { HasText = Charted[2] })).ToHaveCountAsync(1, new() { Timeout = Timeout });
        (await chart.Locator(".apexcharts-line-series path.apexcharts-line").CountAsync()).ShouldBeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public async Task EveryWallView_LoadsWithoutAnErrorInTheBrowser_AndTheProductHasItsIcon()
    {
        var page = await fixture.OpenWallAsync(fixture.Host);
        var problems = BrowserErrors.Collect(page);

        foreach (var view in (string[])["overview", "map", "alarms", "trends"])
        {
            await page.GotoAsync($"{fixture.Host.BaseUrl}/?view={view}");
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { Timeout = Timeout });
            await Assertions.Expect(page.Locator("[data-testid='feed-state']")).ToHaveTextAsync("实时", new() { Timeout = Timeout });
        }

        (await page.Locator("link[rel='icon']").CountAsync()).ShouldBeGreaterThanOrEqualTo(1);
        foreach (var icon in (string[])["/favicon.ico", "/favicon.svg"])
        {
            var answer = await page.APIRequest.GetAsync($"{fixture.Host.BaseUrl}{icon}");
            answer.Status.ShouldBe(200, icon);
            answer.Headers["content-type"].ShouldStartWith("image/", customMessage: icon);
        }

        problems.ShouldBeEmpty();
    }
}
