using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using Microsoft.Playwright;
using Shouldly;

namespace CommandCenter.BrowserTests;

/// <summary>
/// The monthly report (月度报告) in Debian's Chromium: an operator sees every topic as a table with its chart, the month's case
/// and alarm in their district's rows, and prints it without the page's controls; a district operator's report holds their
/// district only; a firm sees its own quality score on its console.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MonthlyReportTests(BrowserFixture browser, DemoCityFixture fixture) : IClassFixture<DemoCityFixture>, IAsyncDisposable
{
    public ValueTask DisposeAsync() => browser.CloseContextsAsync();

    private const float Timeout = 20_000;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static readonly District Own = TestCity.Demo.Districts[0];
    private static readonly District Other = TestCity.Demo.Districts[1];

    private CommandCenterProcess Host => fixture.City.Host;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Report_CityOperator_ShowsEveryTopicWithChartsAndTheMonthsFiguresAndPrintsWithoutControls()
    {
        await ReportAsync(Own.Streets[0].Communities[0].Grids[0].Id);
        await ReportAsync(Other.Streets[0].Communities[0].Grids[0].Id);
        await HandleATrappedPassengerAsync();

        var page = await browser.OpenSignedInAsync(Host, "operator", "/reports/monthly", 1920, 1080);

        foreach (var topic in new[] { "cases", "alarms", "duties", "maintenance-firms" })
        {
            await Assertions.Expect(page.Locator($"[data-testid='report-{topic}'] table")).ToBeVisibleAsync(new() { Timeout = Timeout });
        }

        // The other district has the one case reported there; the trapped passenger's district may have its follow-up order too.
        var otherCases = page.Locator("[data-testid='report-cases'] tbody tr").Filter(new() { HasText = Other.Name });
        await Assertions.Expect(otherCases.Locator("td[data-column='Reported']")).ToHaveTextAsync("1");
        // Reported, not dispatched nor evaluated yet: nothing to rate.
        await Assertions.Expect(otherCases.Locator("td[data-column='AccurateDispatchRate']")).ToHaveTextAsync("—");
        await Assertions.Expect(otherCases.Locator("td[data-column='SatisfactionRate']")).ToHaveTextAsync("—");
        var ownAlarms = page.Locator("[data-testid='report-alarms'] tbody tr").Filter(new() { HasText = Own.Name });
        await Assertions.Expect(ownAlarms.Locator("td[data-column='Alarms']")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("[data-testid='chart-cases'] svg .apexcharts-series path")).Not.ToHaveCountAsync(0, new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("[data-testid='chart-alarms'] svg .apexcharts-series path")).Not.ToHaveCountAsync(0, new() { Timeout = Timeout });
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - innerWidth")).ShouldBe(0, "nothing spills sideways at 1080p");
        await Screenshots.SaveAsync(page, "monthly-report-1080p.png");

        await page.EmulateMediaAsync(new() { Media = Media.Print });

        await Assertions.Expect(page.Locator("[data-testid='report-download']")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator(".console-nav")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("[data-testid='report-cases'] table")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Report_DistrictOperator_HoldsTheirDistrictOnly()
    {
        var page = await browser.OpenSignedInAsync(Host, $"operator-{Own.Id}", "/reports/monthly", 1600, 1000);

        await Assertions.Expect(page.Locator("[data-testid='report-scope']")).ToContainTextAsync(Own.Name, new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("[data-testid='report-cases'] tbody tr").First).ToContainTextAsync(Own.Streets[0].Name);
        (await page.Locator(".monthly-report").InnerTextAsync()).ShouldNotContain(Other.Name);
    }

    [Fact]
    public async Task FirmConsole_FirmUser_SeesItsOwnQualityScore()
    {
        var page = await browser.OpenSignedInAsync(Host, TestCity.FirmUser(TestCity.TwoBusiestFirms().A), "/firm", 1600, 1000);

        await Assertions.Expect(page.Locator("[data-testid='firm-score'] h2")).ToContainTextAsync("维保质量评分", new() { Timeout = Timeout });
    }

    private async Task ReportAsync(string gridId)
    {
        using var operatorClient = await Host.SignInAsync("operator");
        using var created = await operatorClient.PostAsJsonAsync(
            "/api/tickets", new { source = "grid-worker", category = "exposed-garbage", description = $"月报 {gridId}", gridId }, Cancel);
        created.EnsureSuccessStatusCode();
    }

    /// <summary>A trapped passenger in the first district, raised over MQTT and taken through to completion by the operator.</summary>
    private async Task HandleATrappedPassengerAsync()
    {
        var lift = TestCity.Demo.Elevators.First(e => !e.Escalator && Own.Streets.SelectMany(s => s.Communities).SelectMany(c => c.Grids).Any(g => g.Id == e.GridId)).Id;
        await using (var device = await MqttTestClient.ConnectAsync(Host.MqttPort, lift))
        {
            (await device.PublishAsync(Topics.ElevatorStatus(lift), StatusJson.For(lift, 1, 5))).IsSuccess.ShouldBeTrue();
            (await device.PublishAsync(Topics.For(MessageKind.ElevatorEvent, lift), EventJson.Raised(lift, 2, FaultCodes.TrappedPassenger))).IsSuccess.ShouldBeTrue();
        }

        using var operatorClient = await Host.SignInAsync("operator");
        var id = await Eventually.ValueAsync(
            async () => (await operatorClient.GetFromJsonAsync<JsonElement>("/api/alarms/?state=active", Cancel)).EnumerateArray()
                .Where(a => a.GetProperty("elevatorId").GetString() == lift).Select(a => a.GetProperty("id").GetString()).FirstOrDefault(),
            Patience, "the trapped passenger's alarm");
        foreach (var action in new[] { "respond", "arrive", "complete" })
        {
            using var stepped = await operatorClient.PostAsJsonAsync($"/api/alarms/act?id={Uri.EscapeDataString(id)}&action={action}", new { comment = "月报" }, Cancel);
            stepped.EnsureSuccessStatusCode();
        }

        // The closed alarm reaches the history store on its way out of the index: the month's KPIs count it once it is there.
        await Eventually.TrueAsync(
            async () => (await operatorClient.GetFromJsonAsync<JsonElement>("/api/kpis?by=district", Cancel)).GetProperty("groups").EnumerateArray()
                .Any(g => g.GetProperty("key").GetString() == $"district/{Own.Id}" && g.GetProperty("figures").GetProperty("alarms").GetProperty("alarms").GetInt32() == 1),
            Patience, "the closed alarm in the month's KPIs");
    }
}
