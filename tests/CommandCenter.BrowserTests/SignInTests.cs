using System.Text.RegularExpressions;
using CommandCenter.Testing;
using Microsoft.Playwright;
using OtpNet;
using Shouldly;

namespace CommandCenter.BrowserTests;

/// <summary>
/// Who may open which page, as a person meets it in the browser: an account sent to a page it may not
/// open lands on the login page, which says who is signed in, with nothing of the page it asked for;
/// admins sign in with a password and then their authenticator's code.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SignInTests(BrowserFixture fixture) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => fixture.CloseContextsAsync();

    private const float Timeout = 15_000;
    private const string Admin = "admin";

    /// <summary>The wall's panels; the elevator ids of the city are checked apart.</summary>
    private const string WallPanels = ".wall-screen, [data-testid='kpis'], [data-testid='elevator-tiles'], [data-testid='alarm-row'], [data-testid='city-map']";

    /// <summary>The desk's panels, none of which a page refused or signed out may show.</summary>
    internal const string DeskPanels = "[data-testid='ticket-kpis'], [data-testid='new-report'], [data-testid='ticket-table'], [data-testid='desk-alarms']";

    private string Wall => $"{fixture.Host.BaseUrl}/";

    [Fact]
    public async Task Wall_FirmUserOpensIt_IsToldThisAccountCannotAndSeesNothingOfTheWall()
    {
        var firmUser = TestCity.FirmUser(TestCity.TwoBusiestFirms().A);
        var page = await fixture.OpenSignedInAsync(fixture.Host, firmUser, "/firm");

        await page.GotoAsync(Wall);

        await AssertRefusedAsync(page, firmUser, "/", WallPanels);
        var html = await page.ContentAsync();
        WallCity.City.Elevators.Select(e => e.Id).Where(html.Contains).ShouldBeEmpty();
    }

    [Fact]
    public async Task Wall_WallAccount_SeesTheWallButIsRefusedTheDesk()
    {
        var page = await fixture.OpenWallAsync(fixture.Host);
        await Assertions.Expect(page.Locator("[data-testid='kpis']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid='feed-state']")).ToHaveTextAsync("实时");

        await page.GotoAsync($"{fixture.Host.BaseUrl}/desk");

        await AssertRefusedAsync(page, BrowserFixture.WallAccount, "/desk", DeskPanels);
    }

    [Fact]
    public async Task Admin_PasswordThenAuthenticatorCode_OpensAdministrationButAWrongCodeSignsNobodyIn()
    {
        var adminPage = $"{fixture.Host.BaseUrl}/admin";
        var key = ConsoleSignIn.DemoAuthenticatorKey(fixture.Host.DataFolder, Admin).ShouldNotBeNull();
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(adminPage);
        await BrowserFixture.SubmitLoginFormAsync(page, fixture.Host, Admin);

        await BrowserFixture.SubmitSecondFactorAsync(page, CodeTheAuthenticatorDoesNotShow(key));

        await Assertions.Expect(page.Locator("[data-testid='second-factor-error']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid='signed-in-as']")).ToHaveCountAsync(0);
        // Still nobody signed in: administration sends the browser back to the login page.
        await page.GotoAsync(adminPage);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login\\?ReturnUrl=%2Fadmin$"));
        await Assertions.Expect(page.Locator("[data-testid='login-denied']")).ToHaveCountAsync(0);

        await BrowserFixture.SubmitLoginFormAsync(page, fixture.Host, Admin);
        await BrowserFixture.SubmitSecondFactorAsync(page, ConsoleSignIn.CurrentCode(key));

        await page.WaitForURLAsync(url => url == adminPage, new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("[data-testid='users']")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("[data-testid='signed-in-as']")).ToHaveTextAsync(Admin);
    }

    /// <summary>
    /// A signed-in user refused a page lands on the login page, which names the account and the page,
    /// and shows none of that page's panels.
    /// </summary>
    private static async Task AssertRefusedAsync(IPage page, string userName, string path, string panelsOfThePage)
    {
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/login\\?ReturnUrl={Regex.Escape(Uri.EscapeDataString(path))}$"));
        await Assertions.Expect(page.Locator("[data-testid='login-denied']")).ToContainTextAsync($"已登录为 {userName}；此账号无法打开 {path}。");
        await Assertions.Expect(page.Locator("[data-testid='signed-in-as']")).ToHaveTextAsync(userName);
        await Assertions.Expect(page.Locator(panelsOfThePage)).ToHaveCountAsync(0);
    }

    /// <summary>
    /// Six digits that are none of the codes around now: the command center takes a code from a few
    /// 30-second steps either side, for clocks that are slightly off.
    /// </summary>
    private static string CodeTheAuthenticatorDoesNotShow(string key)
    {
        var authenticator = new Totp(Base32Encoding.ToBytes(key));
        var near = Enumerable.Range(-3, 7).Select(step => authenticator.ComputeTotp(DateTime.UtcNow.AddSeconds(30 * step))).ToHashSet();
        return Enumerable.Range(0, 10).Select(digit => new string((char)('0' + digit), 6)).First(code => !near.Contains(code));
    }
}
