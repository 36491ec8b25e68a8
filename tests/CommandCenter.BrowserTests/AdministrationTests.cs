using System.Text.RegularExpressions;
using CommandCenter.Testing;
using Microsoft.Playwright;
using Shouldly;

namespace CommandCenter.BrowserTests;

/// <summary>
/// What an admin does in the browser and what the people concerned notice: a wall screen paired with a
/// code goes live on its own, a user the admin adds signs in with the password shown once, and a user
/// whose sessions the admin ends is signed out of the open console within a minute. On a command center
/// of this class's own, so the users it adds and the sessions it ends touch no other class; each test
/// closes its browsers, so no wall or console of it keeps working the shared Chromium after it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class AdministrationTests(BrowserFixture browser, DemoCityFixture fixture) : IClassFixture<DemoCityFixture>, IAsyncDisposable
{
    private const float Timeout = 15_000;
    private const string Admin = "admin";

    /// <summary>Open consoles re-check the session every 30 s; the issue asks for the console to stop within a minute.</summary>
    private const float SignedOutWithin = 60_000;

    private readonly List<IBrowserContext> _opened = [];

    private CommandCenterProcess Host => fixture.City.Host;

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _opened)
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task WallPairing_AdminApprovesTheScreensCode_ScreenGoesLiveOnItsOwnButAnUnknownOrUsedCodeIsRefused()
    {
        const string Screen = "指挥大厅北墙 Hall, north wall";
        var screen = await ClosedWhenDoneAsync(browser.NewPageAsync());
        // Whoever installs the screen opens /pair on it and asks for a code once; from then on it needs nobody.
        await screen.GotoAsync($"{Host.BaseUrl}/pair");
        await screen.Locator("[data-testid='pairing-start-submit']").ClickAsync();
        await Assertions.Expect(screen).ToHaveURLAsync(PairingPage(), new() { Timeout = Timeout });
        // The page reloads itself every few seconds; the code it shows stays the same.
        var code = PairingPage().Match(screen.Url).Groups[1].Value;
        await Assertions.Expect(screen.Locator("[data-testid='pairing-code']")).ToHaveTextAsync(code);
        var admin = await ClosedWhenDoneAsync(browser.OpenSignedInAsync(Host, Admin, "/admin/walls"));

        var unknown = code == "ZZZZ2222" ? "YYYY3333" : "ZZZZ2222";
        await PairAsync(admin, unknown, Screen);
        await AssertRefusedAsync(admin, $"'{unknown}'");

        await PairAsync(admin, code.ToLowerInvariant(), Screen);
        var message = admin.Locator("[data-testid='admin-message']");
        await Assertions.Expect(message).ToContainTextAsync($"{BrowserFixture.WallAccount}（{Screen}）", new() { Timeout = Timeout });
        await Assertions.Expect(message).Not.ToHaveClassAsync(new Regex("error"));

        // Nobody touches the screen: it asks again every few seconds and, now approved, is signed in onto the wall.
        await screen.WaitForURLAsync(url => url == $"{Host.BaseUrl}/", new() { Timeout = 2 * Timeout });
        await Assertions.Expect(screen.Locator("[data-testid='kpis']")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Assertions.Expect(screen.Locator("[data-testid='feed-state']")).ToHaveTextAsync("实时", new() { Timeout = Timeout });

        await PairAsync(admin, code, "另一块屏 Another screen");
        await AssertRefusedAsync(admin, $"'{code}'");
    }

    [Fact]
    public async Task AddUser_AdminAddsAnOperator_TheOperatorSignsInWithThePasswordShownOnceAndSeesTheDesk()
    {
        var (admin, name, desk) = await OperatorAddedByTheAdminOpensTheDeskAsync("dispatcher");

        await Assertions.Expect(admin.Locator($"[data-testid='user-row'][data-user='{name}']")).ToContainTextAsync("operator");
        await Assertions.Expect(desk.Locator("[data-testid='signed-in-as']")).ToHaveTextAsync(name);
        await Assertions.Expect(desk.Locator("[data-testid='ticket-table']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task RevokeSessions_OperatorsDeskIsOpen_WithinAMinuteItShowsSignedOutAndNothingOfTheDesk()
    {
        var (admin, name, desk) = await OperatorAddedByTheAdminOpensTheDeskAsync("revoked");

        await admin.Locator($"[data-testid='user-row'][data-user='{name}'] [data-testid='revoke-sessions']").ClickAsync();
        await Assertions.Expect(admin.Locator("[data-testid='admin-message']")).ToContainTextAsync($"结束会话 · {name}", new() { Timeout = Timeout });

        await Assertions.Expect(desk.Locator("[data-testid='signed-out']")).ToBeVisibleAsync(new() { Timeout = SignedOutWithin });
        await Assertions.Expect(desk.Locator(SignInTests.DeskPanels)).ToHaveCountAsync(0);
        await Assertions.Expect(desk.Locator("[data-testid='signed-in-as']")).ToHaveCountAsync(0);
        // The browser's cookie is dead too: the login page it leads to knows nobody, and the desk asks for a sign-in.
        await desk.Locator("[data-testid='signed-out-login']").ClickAsync();
        await Assertions.Expect(desk.Locator("[data-testid='login-user']")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Assertions.Expect(desk.Locator("[data-testid='signed-in-as']")).ToHaveCountAsync(0);
        await desk.GotoAsync($"{Host.BaseUrl}/desk");
        await Assertions.Expect(desk).ToHaveURLAsync(new Regex("/login\\?ReturnUrl=%2Fdesk$"), new() { Timeout = Timeout });
        await Assertions.Expect(desk.Locator("[data-testid='signed-in-as']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Devices_AdminAddsAnAppAndRevokesIt_TheAppIsListedByItsKindsNameConnectsWithTheSecretShownOnceAndIsCutOffOnRevocation()
    {
        var admin = await ClosedWhenDoneAsync(browser.OpenSignedInAsync(Host, Admin, "/admin/devices"));
        var id = NewUserName("APP").ToUpperInvariant();
        await admin.Locator("[data-testid='add-device-id']").FillAsync(id);
        await admin.Locator("[data-testid='add-device-kind']").SelectOptionAsync("App");
        await admin.Locator("[data-testid='add-device-submit']").ClickAsync();
        var message = admin.Locator("[data-testid='admin-message']");
        await Assertions.Expect(message).ToContainTextAsync(id, new() { Timeout = Timeout });
        await Assertions.Expect(message).Not.ToHaveClassAsync(new Regex("error"));
        var secret = SecretAtTheEnd().Match((await message.TextContentAsync())!).Groups[1].Value;

        await using var app = await MqttTestClient.ConnectAsync(Host.MqttPort, id, id, secret, new MqttTestConnection());
        await admin.Locator("[data-testid='device-search']").FillAsync(id);
        await admin.Locator("[data-testid='device-search']").PressAsync("Enter");
        var row = admin.Locator($"[data-testid='device-row'][data-device='{id}']");
        await Assertions.Expect(admin.Locator("[data-testid='device-row']")).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await Assertions.Expect(row).ToContainTextAsync("手持终端应用");
        await row.Locator("[data-testid='revoke-device']").ClickAsync();
        await row.Locator("[data-testid='confirm-revoke']").ClickAsync();

        await Assertions.Expect(message).ToContainTextAsync($"吊销 · {id}", new() { Timeout = Timeout });
        await Assertions.Expect(row).ToHaveCountAsync(0);
        await Eventually.TrueAsync(() => Task.FromResult(!app.IsConnected), TimeSpan.FromSeconds(10), "the revoked app to be disconnected");
    }

    [Fact]
    public async Task ChangeRole_AdminNarrowsAnOperatorToADistrict_TheOpenDeskIsSignedOutAndTheAdminsOwnAccountIsNotOffered()
    {
        var (admin, name, desk) = await OperatorAddedByTheAdminOpensTheDeskAsync("narrowed");
        var district = TestCity.Demo.Districts[0].Id;

        // An admin's own role and second factor are another admin's to change.
        await Assertions.Expect(admin.Locator($"[data-testid='change-user'] option[value='{Admin}']")).ToHaveCountAsync(0);
        await Assertions.Expect(admin.Locator($"[data-testid='user-row'][data-user='{Admin}'] [data-testid='reset-second-factor']")).ToHaveCountAsync(0);
        await ChangeRoleAsync(admin, name, "operator", "district/nowhere");
        await AssertRefusedAsync(admin, "district/nowhere");
        await ChangeRoleAsync(admin, name, "operator", $"district/{district}");

        var message = admin.Locator("[data-testid='admin-message']");
        await Assertions.Expect(message).ToContainTextAsync($"修改角色与范围 · {name}", new() { Timeout = Timeout });
        await Assertions.Expect(message).Not.ToHaveClassAsync(new Regex("error"));
        await Assertions.Expect(admin.Locator($"[data-testid='user-row'][data-user='{name}']")).ToContainTextAsync($"district/{district}");
        await Assertions.Expect(desk.Locator("[data-testid='signed-out']")).ToBeVisibleAsync(new() { Timeout = SignedOutWithin });
    }

    /// <summary>
    /// The admin adds a city-wide operator on /admin (a name of this test's own); the operator signs in
    /// in another browser with the password the page showed once and opens the desk.
    /// </summary>
    private async Task<(IPage Admin, string Name, IPage Desk)> OperatorAddedByTheAdminOpensTheDeskAsync(string prefix)
    {
        var admin = await ClosedWhenDoneAsync(browser.OpenSignedInAsync(Host, Admin, "/admin"));
        var name = NewUserName(prefix);
        var password = await AddOperatorAsync(admin, name);
        var desk = await ClosedWhenDoneAsync(browser.OpenSignedInAsync(Host, name, password, authenticatorKey: null, "/desk"));
        await Assertions.Expect(desk.Locator("[data-testid='ticket-kpis']")).ToBeVisibleAsync();
        return (admin, name, desk);
    }

    /// <summary>A browser this test opened, to be closed when it ends.</summary>
    private async Task<IPage> ClosedWhenDoneAsync(Task<IPage> opening)
    {
        var page = await opening;
        _opened.Add(page.Context);
        return page;
    }

    /// <summary>A name no other test uses, so runs and tests never meet on one user.</summary>
    private static string NewUserName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    /// <summary>Adds a city-wide operator on the admin's /admin page and returns the password the message shows once.</summary>
    private static async Task<string> AddOperatorAsync(IPage admin, string name)
    {
        await admin.Locator("[data-testid='add-name']").FillAsync(name);
        await admin.Locator("[data-testid='add-role']").SelectOptionAsync("operator");
        await admin.Locator("[data-testid='add-scope']").FillAsync("city");
        await admin.Locator("[data-testid='add-submit']").ClickAsync();

        var message = admin.Locator("[data-testid='admin-message']");
        await Assertions.Expect(message).ToContainTextAsync(name, new() { Timeout = Timeout });
        await Assertions.Expect(message).Not.ToHaveClassAsync(new Regex("error"));
        var shown = SecretAtTheEnd().Match((await message.TextContentAsync())!);
        shown.Success.ShouldBeTrue($"no password in '{await message.TextContentAsync()}'");
        return shown.Groups[1].Value;
    }

    private static async Task ChangeRoleAsync(IPage admin, string name, string role, string scope)
    {
        await admin.Locator("[data-testid='change-user']").SelectOptionAsync(name);
        await admin.Locator("[data-testid='change-role-role']").SelectOptionAsync(role);
        await admin.Locator("[data-testid='change-scope']").FillAsync(scope);
        await admin.Locator("[data-testid='change-submit']").ClickAsync();
    }

    private static async Task PairAsync(IPage admin, string code, string screenName)
    {
        await admin.Locator("[data-testid='pair-code']").FillAsync(code);
        await admin.Locator("[data-testid='pair-account']").SelectOptionAsync(BrowserFixture.WallAccount);
        await admin.Locator("[data-testid='pair-screen']").FillAsync(screenName);
        await admin.Locator("[data-testid='pair-submit']").ClickAsync();
    }

    /// <summary>The admin page says the change was not done (未完成) and why, naming <paramref name="what"/>.</summary>
    private static async Task AssertRefusedAsync(IPage admin, string what)
    {
        var message = admin.Locator("[data-testid='admin-message']");
        await Assertions.Expect(message).ToContainTextAsync(what, new() { Timeout = Timeout });
        await Assertions.Expect(message).ToContainTextAsync("未完成");
        await Assertions.Expect(message).ToHaveClassAsync(new Regex("error"));
    }

    /// <summary>The page a screen not paired yet shows, with the code in its address.</summary>
    [GeneratedRegex("/pair\\?code=([A-Z2-9]{8})$")]
    private static partial Regex PairingPage();

    /// <summary>The secret after the message's last colon (full-width in Chinese).</summary>
    [GeneratedRegex("[:：]\\s*(\\S+)\\s*$")]
    private static partial Regex SecretAtTheEnd();
}
