using System.Globalization;
using System.Net.Http.Json;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using Microsoft.Playwright;
using Shouldly;

namespace CommandCenter.BrowserTests;

/// <summary>The wall screen in a real browser against the real command center with the demo city.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WallDashboardTests(BrowserFixture fixture) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => fixture.CloseContextsAsync();

    private const float Timeout = 15_000;
    private const int RotationSeconds = 5;

    /// <summary>Elevators the live floor chart follows at once.</summary>
    private const int FloorChartSeries = 6;

    [Fact]
    public async Task Wall_StatusPublishedOverMqtt_ShowsWithinOneSecond()
    {
        var page = await fixture.OpenWallAsync(fixture.Host);
        var id = TestDevices.NextElevator();
        var floor = page.Locator($"[data-elevator='{id}'] [data-testid='floor']");
        await using var device = await MqttTestClient.ConnectAsync(fixture.Host.MqttPort, id);
        // The first reports activate the elevator's grain and warm the path; the wall's promise is for a running city.
        foreach (var (seq, warmUp) in new[] { (1, 3), (2, 5) })
        {
            (await device.PublishAsync(Topics.ElevatorStatus(id), StatusJson.For(id, seq, warmUp))).IsSuccess.ShouldBeTrue();
            await Assertions.Expect(floor).ToHaveTextAsync($"{warmUp}", new() { Timeout = Timeout });
        }

        (await device.PublishAsync(Topics.ElevatorStatus(id), StatusJson.For(id, 3, 17))).IsSuccess.ShouldBeTrue();

        await Assertions.Expect(floor).ToHaveTextAsync("17", new() { Timeout = 1_000 });
    }

    [Fact]
    public async Task Wall_TrappedPassenger_PopsUpWithSoundUntilAcknowledgedAndTheAcknowledgementSilencesTheOtherWalls()
    {
        var page = await fixture.OpenWallAsync(fixture.Host);
        var otherWall = await fixture.OpenWallAsync(fixture.Host);
        var id = TestDevices.NextElevator();
        await WallCity.PublishAsync(fixture.Host.MqttPort, id, MessageKind.ElevatorStatus, StatusJson.For(id, 1, 6));

        await WallCity.PublishAsync(fixture.Host.MqttPort, id, MessageKind.ElevatorEvent, EventJson.Raised(id, 2, FaultCodes.TrappedPassenger));

        var popup = page.Locator("[data-testid='critical-popup']");
        await Assertions.Expect(popup).ToBeVisibleAsync(new() { Timeout = Timeout });
        var alarmId = await popup.GetAttributeAsync("data-alarm");
        try
        {
            alarmId.ShouldStartWith($"{id}/{FaultCodes.TrappedPassenger}/");
            await Assertions.Expect(popup).ToContainTextAsync(id);
            await Assertions.Expect(popup).ToContainTextAsync("困人");
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-alarm-sound", "playing");

            var mute = page.Locator("[data-testid='alarm-sound']");
            await mute.ClickAsync();
            await Assertions.Expect(mute).ToHaveAttributeAsync("aria-pressed", "true");
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-alarm-sound", "muted");
            (await page.EvaluateAsync<string>("() => localStorage.getItem('cc.wall.muted')")).ShouldBe("1");
            await mute.ClickAsync();
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-alarm-sound", "playing");

            var otherPopup = otherWall.Locator($"[data-testid='critical-popup'][data-alarm='{alarmId}']");
            await Assertions.Expect(otherPopup).ToBeVisibleAsync(new() { Timeout = Timeout });

            await page.Locator("[data-testid='ack']").ClickAsync();

            await Assertions.Expect(popup).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-alarm-sound", "off");
            await Assertions.Expect(otherPopup).ToHaveCountAsync(0, new() { Timeout = Timeout });
            // The acknowledgement is kept on the alarm, which stays open for the firm, and a reload does not raise it again.
            await Assertions.Expect(page.Locator($"[data-testid='alarm-row'][data-alarm='{alarmId}']")).ToBeVisibleAsync();
            await page.ReloadAsync();
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { Timeout = Timeout });
            await Assertions.Expect(page.Locator($"[data-testid='alarm-row'][data-alarm='{alarmId}']")).ToBeVisibleAsync(new() { Timeout = Timeout });
            await Assertions.Expect(popup).ToHaveCountAsync(0);
        }
        finally
        {
            await CloseAlarmAsync(alarmId);
        }
    }

    [Fact]
    public async Task Wall_ServerRestarts_ReconnectsByItselfAndShowsNewData()
    {
        // A host of its own: the shared one must stay up for the other tests.
        var first = await CommandCenterProcess.StartAsync(fixture.Influx.Url);
        try
        {
            var page = await fixture.OpenWallAsync(first);
            var id = TestDevices.ElevatorId(1);
            var floor = page.Locator($"[data-elevator='{id}'] [data-testid='floor']");
            await WallCity.PublishAsync(first.MqttPort, id, MessageKind.ElevatorStatus, StatusJson.For(id, 1, 4));
            await Assertions.Expect(floor).ToHaveTextAsync("4", new() { Timeout = Timeout });
            await page.EvaluateAsync("() => window.beforeRestart = true");

            await first.KillAsync();
            await Assertions.Expect(page.Locator("[data-testid='circuit']")).ToHaveAttributeAsync("data-state", "reconnecting", new() { Timeout = Timeout });
            await using var second = await first.RestartAsync();

            // The new server does not know the old circuit: the page reloads itself and reads a fresh snapshot.
            await page.WaitForFunctionAsync("() => window.beforeRestart === undefined", null, new() { Timeout = 60_000 });
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { Timeout = Timeout });
            await WallCity.PublishAsync(second.MqttPort, id, MessageKind.ElevatorStatus, StatusJson.For(id, 2, 9));
            await Assertions.Expect(floor).ToHaveTextAsync("9", new() { Timeout = Timeout });
            await Assertions.Expect(page.Locator("[data-testid='circuit']")).ToHaveAttributeAsync("data-state", "connected");
            await Assertions.Expect(page.Locator("[data-testid='feed-state']")).ToHaveTextAsync("实时");
        }
        finally
        {
            await first.DisposeAsync();
        }
    }

    [Fact]
    public async Task Wall_Kiosk_HidesTheControlsButNotTheConnectionState()
    {
        var page = await fixture.OpenWallAsync(fixture.Host, "/?kiosk=1");

        await Assertions.Expect(page.Locator("[data-testid='views']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid='alarm-sound']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid='language-switch']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid='circuit']")).ToHaveAttributeAsync("data-state", "connected");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Assertions.Expect(page.Locator("[data-testid='feed-state']")).ToHaveTextAsync("实时");
        await Assertions.Expect(page.Locator("[data-testid='kpis']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Wall_EnglishAsked_ShowsEnglishAndSwitchesBack()
    {
        var page = await fixture.OpenWallAsync(fixture.Host, "/?lang=en");

        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(page.Locator(".wall-screen")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Command Center");
        await Assertions.Expect(page.Locator("[data-kpi='alarms'] .kpi-label")).ToHaveTextAsync("Open alarms");
        await Assertions.Expect(page.Locator("[data-testid='circuit']")).ToHaveTextAsync("Connected");
        await Assertions.Expect(page.Locator("[data-testid='feed-state']")).ToHaveTextAsync("Live");

        // Remembered for the pages after it (the culture cookie), ?view and all.
        await OpenAsync(page, "/?view=map");
        await Assertions.Expect(page.Locator("[data-testid='view-map']")).ToHaveTextAsync("Grid map");
        await Assertions.Expect(page.Locator(".wall-screen")).ToHaveAttributeAsync("data-view", "Map");

        // The switch loads the page anew: a circuit keeps the language it started with.
        await page.EvaluateAsync("() => window.beforeSwitch = true");
        await page.Locator("[data-testid='lang-zh-CN']").ClickAsync();
        await page.WaitForFunctionAsync("() => window.beforeSwitch === undefined", null, new() { Timeout = Timeout });
        await page.Locator("[data-interactive='true']").WaitForAsync(new() { Timeout = Timeout });

        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Assertions.Expect(page.Locator(".wall-screen")).ToHaveAttributeAsync("data-view", "Map");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("银川市基层治理指挥中心");
        await Assertions.Expect(page.Locator("[data-testid='circuit']")).ToHaveTextAsync("已连接");
        await Assertions.Expect(page.Locator("[data-testid='feed-state']")).ToHaveTextAsync("实时");
        await OpenAsync(page, "/");
        await Assertions.Expect(page.Locator("[data-kpi='alarms'] .kpi-label")).ToHaveTextAsync("未结告警");

        async Task OpenAsync(IPage on, string path)
        {
            await on.GotoAsync($"{fixture.Host.BaseUrl}{path}");
            await on.Locator("[data-interactive='true']").WaitForAsync(new() { Timeout = Timeout });
        }
    }

    [Fact]
    public async Task Wall_RotationAsked_MovesToTheNextViewByItself()
    {
        var page = await fixture.OpenWallAsync(fixture.Host, $"/?rotate={RotationSeconds}");
        await Assertions.Expect(page.Locator(".wall-screen")).ToHaveAttributeAsync("data-view", "Overview");

        await Assertions.Expect(page.Locator(".wall-screen")).ToHaveAttributeAsync("data-view", "Map", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("[data-testid='city-map']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Wall_BusyCity_ShowsEveryPanelAt1080pAnd4K()
    {
        var alarms = await MakeTheCityBusyAsync();
        try
        {
            var page = await fixture.OpenWallAsync(fixture.Host);
            var popup = page.Locator("[data-testid='critical-popup']");
            await Assertions.Expect(popup).ToBeVisibleAsync(new() { Timeout = Timeout });
            await Assertions.Expect(page.Locator("[data-testid='redispatch']").First).ToBeVisibleAsync(new() { Timeout = 90_000 });
            await Screenshots.SaveAsync(page, "wall-alarm-1080p.png");
            await AcknowledgeAllAsync(page);

            // One row for each of this test's alarms (another test's alarm may still be open on the shared city).
            foreach (var alarm in alarms)
            {
                await Assertions.Expect(page.Locator($"[data-testid='alarm-row'][data-alarm='{alarm}']")).ToHaveCountAsync(1);
            }

            await Assertions.Expect(page.Locator("[data-testid='alarm-row'][data-sla='Missed']").First).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("circle[data-state='Critical']").First).ToBeVisibleAsync();
            (await page.Locator("[data-testid='parking-occupancy'] .big").TextContentAsync()).ShouldNotBe("0%");
            await Assertions.Expect(page.Locator(".apexcharts-legend-text")).ToHaveCountAsync(FloorChartSeries, new() { Timeout = Timeout });
            (await FloorAxisSpanAsync(page)).ShouldBe(TimeSpan.FromMinutes(10), "a fresh wall's live floors span minutes, not days around its first points");
            await AssertFitsTheScreenAsync(page);
            await Screenshots.SaveAsync(page, "wall-1080p.png");

            // A tile charts that elevator's last day from InfluxDB, then its live tail.
            var picked = alarms[0].Split('/')[0];
            await page.Locator($"[data-testid='elevator-tiles'] [data-elevator='{picked}']").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid='trend']")).ToHaveAttributeAsync("data-mode", "history");
            await Assertions.Expect(page.Locator("[data-testid='trend'] h2")).ToContainTextAsync($"{picked} 近24小时");
            await Assertions.Expect(page.Locator(".apexcharts-legend-text")).ToHaveTextAsync([picked], new() { Timeout = Timeout });
            (await FloorAxisSpanAsync(page)).ShouldBe(TimeSpan.FromHours(24));
            await page.Locator("[data-testid='trend-live']").ClickAsync();
            await Assertions.Expect(page.Locator(".apexcharts-legend-text")).ToHaveCountAsync(FloorChartSeries, new() { Timeout = Timeout });

            var browserErrors = BrowserErrors.Collect(page);
            await page.Locator("[data-testid='view-map']").ClickAsync();
            await AssertTheRealDistrictsAsync(page);
            await Screenshots.SaveAsync(page, "wall-map-1080p.png");
            await page.Locator("[data-testid='map-heat']").ClickAsync();
            await Assertions.Expect(page.Locator("g[data-area][data-heat]")).ToHaveCountAsync(2);
            await Assertions.Expect(page.Locator("g[data-area][data-heat='0']")).ToHaveCountAsync(0);
            await Screenshots.SaveAsync(page, "wall-map-heat-1080p.png");
            await page.Locator("[data-testid='map-heat-week']").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid='map-heat-week']")).ToHaveAttributeAsync("aria-pressed", "true");
            await Assertions.Expect(page.Locator("g[data-area][data-heat]")).ToHaveCountAsync(2);
            await page.Locator("[data-testid='map-heat']").ClickAsync();
            await DrillToTheCriticalCommunityAsync(page);
            await Screenshots.SaveAsync(page, "wall-map-community-1080p.png");
            // A grid of the community: its elevators beside the map.
            await page.Locator("g[data-area][data-level='grid'][data-state='Critical']").First.DispatchEventAsync("click");
            await Assertions.Expect(page.Locator("[data-testid='grid-detail'] [data-elevator]").First).ToBeVisibleAsync();
            browserErrors.ShouldBeEmpty();

            // The city's faults per hour: the day from InfluxDB with this test's alarms in the current hour, as bars.
            await page.Locator("[data-testid='view-trends']").ClickAsync();
            var cityTrend = page.Locator("[data-testid='city-trend']");
            // The current hour's bar, the last, holds this test's faults; empty hours draw no bar.
            await Assertions.Expect(cityTrend.Locator(".apexcharts-bar-area").Last).ToBeVisibleAsync(new() { Timeout = Timeout });
            await Eventually.TrueAsync(
                async () => int.Parse((await cityTrend.GetAttributeAsync("data-faults"))!, CultureInfo.InvariantCulture) >= alarms.Count,
                TimeSpan.FromSeconds(15),
                "the busy city's faults in the trend");
            await AssertFitsTheScreenAsync(page);
            await Screenshots.SaveAsync(page, "wall-trends-1080p.png");

            var wall4K = await fixture.OpenWallAsync(fixture.Host, width: 3840, height: 2160);
            // Acknowledged for the city on the first wall, the pop-ups stay silent on this one.
            await Assertions.Expect(wall4K.Locator("[data-testid='critical-popup']")).ToHaveCountAsync(0);
            await Assertions.Expect(wall4K.Locator(".apexcharts-legend-text")).ToHaveCountAsync(FloorChartSeries, new() { Timeout = Timeout });
            await AssertFitsTheScreenAsync(wall4K);
            await Screenshots.SaveAsync(wall4K, "wall-4k.png");

            var map4K = await fixture.OpenWallAsync(fixture.Host, "/?view=map", width: 3840, height: 2160);
            await AssertTheRealDistrictsAsync(map4K);
            await DrillToTheCriticalCommunityAsync(map4K);
            await AssertFitsTheScreenAsync(map4K);
            await Screenshots.SaveAsync(map4K, "wall-map-community-4k.png");
        }
        finally
        {
            foreach (var alarm in alarms)
            {
                await CloseAlarmAsync(alarm);
            }
        }
    }

    /// <summary>
    /// Every demo elevator reports (a few out of normal service), two thirds of the berths are taken,
    /// two passengers are trapped (the first long enough for its firm to miss the arrival limit) and
    /// two lifts have faults. Returns the alarms opened.
    /// </summary>
    private async Task<IReadOnlyList<string>> MakeTheCityBusyAsync()
    {
        var port = fixture.Host.MqttPort;
        var elevators = WallCity.City.Elevators.Where(e => !e.Escalator).Select(e => e.Id).ToList();
        for (var i = 0; i < elevators.Count; i++)
        {
            var mode = i % 11 == 5 ? ServiceMode.Inspection : i % 13 == 7 ? ServiceMode.OutOfService : ServiceMode.Normal;
            var report = StatusJson.Report(elevators[i], 1, 1 + i * 7 % 18) with { Running = i % 3 != 0, Mode = mode };
            await WallCity.PublishAsync(port, elevators[i], MessageKind.ElevatorStatus, StatusJson.For(report));
        }

        // The last few keep moving for a moment, so the floor chart has lines to draw.
        for (var round = 2; round <= 5; round++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);
            foreach (var id in elevators.TakeLast(FloorChartSeries))
            {
                await WallCity.PublishAsync(port, id, MessageKind.ElevatorStatus, StatusJson.For(id, round, 1 + (round * id.Length + id[^1]) % 18));
            }
        }

        var berths = WallCity.City.Lots.SelectMany(l => l.BerthSensorIds).ToList();
        for (var i = 0; i < berths.Count; i++)
        {
            await WallCity.PublishAsync(port, berths[i], MessageKind.BerthState, WallCity.Berth(berths[i], 1, i % 3 != 0));
        }

        await WallCity.PublishAsync(port, elevators[0], MessageKind.ElevatorEvent, EventJson.Raised(elevators[0], 2, FaultCodes.TrappedPassenger));
        await WallCity.PublishAsync(port, elevators[9], MessageKind.ElevatorEvent, EventJson.Raised(elevators[9], 2, "04"));
        await WallCity.PublishAsync(port, elevators[14], MessageKind.ElevatorEvent, EventJson.Raised(elevators[14], 2, "02"));
        await Task.Delay(BrowserFixture.ArrivalLimit / 2, TestContext.Current.CancellationToken);
        await WallCity.PublishAsync(port, elevators[4], MessageKind.ElevatorEvent, EventJson.Raised(elevators[4], 2, FaultCodes.TrappedPassenger));

        var opened = new[] { elevators[0], elevators[4], elevators[9], elevators[14] };
        return await Eventually.ValueAsync<List<string>>(
            async () =>
            {
                var open = await fixture.Host.Http.GetFromJsonAsync<List<AlarmRow>>("/api/alarms");
                var ids = open!.Where(a => opened.Contains(a.ElevatorId)).Select(a => a.Id).ToList();
                return ids.Count == opened.Length ? ids : null;
            },
            TimeSpan.FromSeconds(15),
            "the four alarms to open");
    }

    /// <summary>The demo city's two real districts, by their official codes and names, at city level.</summary>
    private static async Task AssertTheRealDistrictsAsync(IPage page)
    {
        var map = page.Locator("[data-testid='city-map']");
        await Assertions.Expect(map).ToHaveAttributeAsync("data-level", "city", new() { Timeout = Timeout });
        await Assertions.Expect(map.Locator("g[data-area][data-level='district']")).ToHaveCountAsync(2);
        await Assertions.Expect(map.Locator("g[data-area='district/640104'] text")).ToHaveTextAsync("兴庆区");
        await Assertions.Expect(map.Locator("g[data-area='district/640106'] text")).ToHaveTextAsync("金凤区");
        await Assertions.Expect(map.Locator("[data-testid='map-schematic']")).ToHaveCountAsync(0);
    }

    /// <summary>Follows the critical alarms down: district, street, community, each level's children shown and the breadcrumb growing.</summary>
    private static async Task DrillToTheCriticalCommunityAsync(IPage page)
    {
        var map = page.Locator("[data-testid='city-map']");
        var crumbs = 1;
        foreach (var level in (string[])["district", "street", "community"])
        {
            // A dispatched click reaches the shape asked for wherever its label or a neighbour's marker lies.
            await map.Locator("g[data-area][data-state='Critical']").First.DispatchEventAsync("click");
            await Assertions.Expect(map).ToHaveAttributeAsync("data-level", level, new() { Timeout = Timeout });
            await Assertions.Expect(map.Locator("[data-testid='map-crumbs'] [data-area]")).ToHaveCountAsync(++crumbs);
        }

        await Assertions.Expect(map.Locator("g[data-area][data-level='grid']").First).ToBeVisibleAsync();
        await Assertions.Expect(map.Locator("circle[data-alarm]").First).ToBeVisibleAsync();
        await Assertions.Expect(map.Locator("[data-testid='map-schematic']")).ToHaveTextAsync("街道、社区、网格边界为系统生成的示意，非测绘数据");
    }

    private static async Task AcknowledgeAllAsync(IPage page)
    {
        var popup = page.Locator("[data-testid='critical-popup']");
        await Assertions.Expect(popup).ToBeVisibleAsync(new() { Timeout = Timeout });
        while (await popup.CountAsync() > 0)
        {
            var alarm = await popup.GetAttributeAsync("data-alarm");
            await page.Locator("[data-testid='ack']").ClickAsync();
            await Assertions.Expect(page.Locator($"[data-testid='critical-popup'][data-alarm='{alarm}']")).ToHaveCountAsync(0);
        }
    }

    /// <summary>The wall is one screen: nothing scrolls, nothing spills past the window.</summary>
    private static async Task AssertFitsTheScreenAsync(IPage page)
    {
        var overflow = await page.EvaluateAsync<int[]>(
            "() => [document.documentElement.scrollWidth - innerWidth, document.documentElement.scrollHeight - innerHeight]");
        overflow.ShouldBe([0, 0]);
    }

    /// <summary>
    /// The wall only acknowledges pop-ups; closing an alarm is a signed-in user's step, taken here by the
    /// operator through the API so other tests start quiet.
    /// </summary>
    private async Task CloseAlarmAsync(string? alarmId)
    {
        if (alarmId is not null)
        {
            using var desk = await fixture.OperatorClientAsync();
            using var response = await desk.PostAsJsonAsync($"/api/alarms/act?id={Uri.EscapeDataString(alarmId)}&action=false-alarm", new { comment = "browser test" });
            response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
        }
    }

    private sealed record AlarmRow(string Id, string ElevatorId);

    /// <summary>The floor chart's x axis as ApexCharts drew it (the wall's TrendChart: 10 minutes live, an elevator's 24 hours).</summary>
    private static async Task<TimeSpan> FloorAxisSpanAsync(IPage page) =>
        TimeSpan.FromMilliseconds(await page.EvaluateAsync<double>(
            "() => { const g = ApexCharts.getChartByID('floor-chart').w.globals; return g.maxX - g.minX; }"));
}
