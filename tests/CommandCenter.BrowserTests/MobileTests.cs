using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Testing;
using Microsoft.Playwright;
using Shouldly;

namespace CommandCenter.BrowserTests;

/// <summary>
/// The grid worker's phone pages on a phone-sized screen with the position granted: they sign in, report a case with a
/// photo and the GPS position through the plain form, and find it among their cases.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MobileTests(BrowserFixture browser, DemoCityFixture fixture) : IClassFixture<DemoCityFixture>
{
    private const float Timeout = 30_000;

    // 兴庆区's label point, in the demo city's first district.
    private const float Latitude = 38.4736f;
    private const float Longitude = 106.2886f;

    private static readonly string GridWorker = $"gridworker-{TestCity.Demo.Districts[0].Streets[0].Communities[0].Grids[0].Id}";

    private CommandCenterProcess Host => fixture.City.Host;

    [Fact]
    public async Task GridWorker_ReportsWithAPhotoAndTheGpsPosition_AndSeesTheCaseAmongTheirCases()
    {
        var page = await OpenPhoneAsync();
        await page.GotoAsync($"{Host.BaseUrl}/m/report");
        await BrowserFixture.SubmitLoginFormAsync(page, Host, GridWorker);
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/m/report", new() { Timeout = Timeout });

        var status = page.Locator("[data-testid='gps-status']");
        await Assertions.Expect(status).ToHaveAttributeAsync("data-state", "located", new() { Timeout = Timeout });
        // The position as the page will send it, to six decimals (the emulated GPS hands over a float).
        await Assertions.Expect(page.Locator("[data-testid='report-latitude']")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"^38\.47\d{4}$"));
        await Assertions.Expect(page.Locator("[data-testid='report-longitude']")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"^106\.28\d{4}$"));
        await page.Locator("[data-testid='report-category']").SelectOptionAsync("exposed-garbage");
        await page.Locator("[data-testid='report-description']").FillAsync("解放街口垃圾堆放，约两平方米");
        await page.Locator("[data-testid='report-photo-1']").SetInputFilesAsync(new FilePayload
        {
            Name = "street.jpg",
            MimeType = "image/jpeg",
            Buffer = await CanvasPhotos.JpegAsync(page),
        });
        await Screenshots.SaveAsync(page, "m-report-phone.png", fullPage: true);

        await page.Locator("[data-testid='report-submit']").ClickAsync();

        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/m/cases", new() { Timeout = Timeout });
        var done = page.Locator("[data-testid='m-done']");
        await Assertions.Expect(done).ToContainTextAsync("已上报");
        var card = page.Locator("[data-testid='m-case']").First;
        var id = (await card.GetAttributeAsync("data-ticket")).ShouldNotBeNull();
        await Assertions.Expect(done).ToContainTextAsync(id);
        await Assertions.Expect(card.Locator("[data-testid='m-case-status']")).ToHaveTextAsync("已上报");
        await Assertions.Expect(card).ToContainTextAsync("解放街口垃圾堆放");

        // What the command center keeps: the grid worker's report, in 兴庆区, with the one photo.
        var ticket = await Host.Http.GetFromJsonAsync<JsonElement>($"/api/tickets/{Uri.EscapeDataString(id)}", TestContext.Current.CancellationToken);
        var summary = ticket.GetProperty("ticket");
        (summary.GetProperty("reporter").GetString(), summary.GetProperty("source").GetString()).ShouldBe((GridWorker, "GridWorker"));
        summary.GetProperty("location").GetProperty("districtId").GetString().ShouldBe("640104");
        ticket.GetProperty("photos").GetArrayLength().ShouldBe(1);

        // A reload shows the list without the message again: the form is never sent twice. And a phone page loads no
        // script of the consoles' (Blazor's, the charts'): it has no circuit to run them for.
        var requested = new List<string>();
        page.Request += (_, request) => requested.Add(request.Url);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("[data-testid='m-done']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator($"[data-testid='m-case'][data-ticket='{id}']")).ToBeVisibleAsync();
        requested.ShouldContain(url => new Uri(url).AbsolutePath == "/m/cases");
        requested.ShouldNotContain(url => url.Contains("blazor.web", StringComparison.Ordinal) || url.Contains("apexcharts", StringComparison.Ordinal));
    }

    /// <summary>A phone: 412 × 915, touch, Chinese, its GPS at 兴庆区's label point and the page allowed to read it.</summary>
    private async Task<IPage> OpenPhoneAsync()
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 412, Height = 915 },
            IsMobile = true,
            HasTouch = true,
            Locale = "zh-CN",
            Geolocation = new Geolocation { Latitude = Latitude, Longitude = Longitude, Accuracy = 12 },
            Permissions = ["geolocation"],
        });
        return await context.NewPageAsync();
    }
}
