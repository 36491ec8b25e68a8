using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Testing;
using Microsoft.Playwright;
using Shouldly;

namespace CommandCenter.BrowserTests;

/// <summary>
/// The property firms' page in Debian's Chromium: a street's staff add an assessment item for a firm of their street
/// (bad input refused with every reason, another street's firm out of scope), and the page shows the firm's fall in
/// stars and credit with the item as the reason of the change.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PropertyFirmPageTests(BrowserFixture browser, DemoCityFixture fixture) : IClassFixture<DemoCityFixture>, IAsyncDisposable
{
    public ValueTask DisposeAsync() => browser.CloseContextsAsync();

    private static readonly string Street = TestCity.Demo.Districts[0].Streets[0].Id;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private CommandCenterProcess Host => fixture.City.Host;

    [Fact]
    public async Task PropertyFirms_StreetAddsAnItem_PageShowsTheFallWithTheItemAsItsReason()
    {
        var firm = TestCity.Demo.PropertyFirms.First(f => f.StreetId == Street);
        var elsewhere = TestCity.Demo.PropertyFirms.First(f => f.StreetId != Street);
        using var street = await Host.SignInAsync($"street-{Street}");

        using var refused = await street.PostAsJsonAsync($"/api/property-firms/{firm.Id}/items", new { month = "2099-01", points = 0, note = " " }, Ct);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(Ct);
        problem.GetProperty("errors").GetArrayLength().ShouldBe(3, problem.ToString());
        using var outOfScope = await street.PostAsJsonAsync($"/api/property-firms/{elsewhere.Id}/items", new { points = -5, note = "不是本街道的企业" }, Ct);
        outOfScope.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var added = await street.PostAsJsonAsync($"/api/property-firms/{firm.Id}/items", new { points = -20, note = "电梯困人投诉处置不力" }, Ct);
        added.StatusCode.ShouldBe(HttpStatusCode.Created, await added.Content.ReadAsStringAsync(Ct));

        var page = await browser.OpenSignedInAsync(Host, $"street-{Street}", "/property-firms", 1920, 1080);

        // Its unit's lifts filed no daily check here: 100 − 10 − 20 = 70, two stars (60–74) and credit C (60–74), down from
        // four stars and A (90) the month before, for the item alone.
        var row = page.Locator($"[data-testid='pf-firm'][data-firm='{firm.Id}']");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-stars", "2");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-credit", "C");
        await Assertions.Expect(row.Locator("[data-testid='pf-change']")).ToContainTextAsync("电梯困人投诉处置不力");
        await Assertions.Expect(page.Locator($"[data-testid='pf-firm'][data-firm='{elsewhere.Id}']")).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(page, "property-firms-1080p.png");
    }
}
