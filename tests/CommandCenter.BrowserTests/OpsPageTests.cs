using System.Text.RegularExpressions;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using Microsoft.Playwright;
using Shouldly;

namespace CommandCenter.BrowserTests;

/// <summary>
/// The operations page in Debian's Chromium: a firm user is refused it, an operator watching it sees a bad
/// payload sent over real MQTT appear as the newest dead letter without reloading, and filters by device.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OpsPageTests(BrowserFixture browser, DemoCityFixture fixture) : IClassFixture<DemoCityFixture>, IAsyncDisposable
{
    public ValueTask DisposeAsync() => browser.CloseContextsAsync();

    private const float Timeout = 20_000;

    private static readonly string[] Lifts = [.. TestCity.Demo.Elevators.Where(e => !e.Escalator).Select(e => e.Id).Take(3)];

    private CommandCenterProcess Host => fixture.City.Host;

    [Fact]
    public async Task Ops_FirmUserOpensIt_IsRefusedAndSeesNothingOfIt()
    {
        var firmUser = TestCity.FirmUser(TestCity.TwoBusiestFirms().A);
        var page = await browser.OpenSignedInAsync(Host, firmUser, "/firm");
        await Assertions.Expect(page.Locator("[data-testid='nav-ops']")).ToHaveCountAsync(0);

        await page.GotoAsync($"{Host.BaseUrl}/ops");

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login\\?ReturnUrl=%2Fops$"));
        await Assertions.Expect(page.Locator("[data-testid='login-denied']")).ToContainTextAsync($"已登录为 {firmUser}；此账号无法打开 /ops。");
        await Assertions.Expect(page.Locator("[data-testid='ops-kpis'], [data-testid='dead-letter'], [data-testid='silos']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Ops_BadPayloadWhileAnOperatorWatches_AppearsLiveAsTheNewestDeadLetterAndFiltersByDevice()
    {
        var page = await browser.OpenSignedInAsync(Host, "operator", "/ops", 1920, 1080);
        await Assertions.Expect(page.Locator("[data-testid='nav-ops']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid='silo'][data-status='Active']")).ToHaveCountAsync(1);
        var marker = $"ops-{Guid.NewGuid():N}"[..16];

        // Some traffic worth a screenshot: valid statuses, and three kinds of bad message from three lifts.
        foreach (var (lift, index) in Lifts.Select((lift, index) => (lift, index)))
        {
            await using var device = await MqttTestClient.ConnectAsync(Host.MqttPort, lift);
            (await device.PublishAsync(Topics.ElevatorStatus(lift), StatusJson.For(lift, 1, 3))).IsSuccess.ShouldBeTrue();
            var bad = index switch
            {
                0 => StatusJson.For(lift, 2, 3).Replace("\"floor\":3", "\"floor\":999"),
                1 => StatusJson.For(lift, 2, 3).Replace("\"floor\":3", "\"floor\":\"three\""),
                _ => $$"""{"deviceId":"{{lift}}","marker":"{{marker}}","floor":3""",
            };
            (await device.PublishAsync(Topics.ElevatorStatus(lift), bad)).IsSuccess.ShouldBeFalse();
        }

        var fresh = page.Locator($"[data-testid='dead-letter'][data-device='{Lifts[^1]}']");
        await Assertions.Expect(fresh.First).ToContainTextAsync(marker, new() { Timeout = Timeout });
        await Assertions.Expect(fresh.First).ToHaveAttributeAsync("data-reason", "BadJson");
        await Assertions.Expect(page.Locator("[data-testid='dead-letter']").First).ToHaveAttributeAsync("data-device", Lifts[^1]);
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - innerWidth")).ShouldBe(0, "nothing spills sideways at 1080p");
        await Screenshots.SaveAsync(page, "ops-1080p.png");

        await page.Locator("[data-testid='filter-device']").FillAsync(Lifts[0]);
        await page.Locator("[data-testid='filter-device']").PressAsync("Enter");

        await Assertions.Expect(page.Locator($"[data-testid='dead-letter'][data-device='{Lifts[^1]}']")).ToHaveCountAsync(0, new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("[data-testid='dead-letter']").First).ToHaveAttributeAsync("data-reason", "OutOfRange");
    }
}
