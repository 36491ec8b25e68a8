using CommandCenter.Testing;
using Microsoft.Playwright;

namespace CommandCenter.BrowserTests;

/// <summary>
/// Debian's Chromium driven by Playwright (its own browser download cannot work here), plus a real
/// influxd and command center process, with the demo city, for the pages to talk to.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>The host's arrival limit: short, so a test sees a firm miss it and the alarm go to the next firm.</summary>
    public static readonly TimeSpan ArrivalLimit = TimeSpan.FromSeconds(30);

    /// <summary>The city wall screen's own demo account (role wall, city scope).</summary>
    public const string WallAccount = "wall";

    /// <summary>How long a page may take to load, sign in or go live.</summary>
    private const float Timeout = 15_000;

    private IPlaywright? _playwright;
    private string? _profile;
    private string? _dataFolder;

    public IBrowser Browser { get; private set; } = default!;

    public InfluxServer Influx { get; private set; } = default!;

    public CommandCenterProcess Host { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        Influx = await InfluxServer.StartAsync();
        _dataFolder = WallCity.CreateDataFolder();
        Host = await CommandCenterProcess.StartAsync(
            Influx.Url, $"--Data:Path={_dataFolder}", $"--Alarms:UrbanArrivalLimit={ArrivalLimit}", $"--Alarms:RuralArrivalLimit={ArrivalLimit}");
        _playwright = await Playwright.CreateAsync();
        _profile = Directory.CreateTempSubdirectory("cc-chromium-").FullName;
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Running as root in a sandbox-less container with no outside network.
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                // As on a wall's kiosk browser: the critical-alarm siren may start without a click.
                "--autoplay-policy=no-user-gesture-required",
            ],
        });
    }

    /// <summary>
    /// An HTTP client signed in as the seeded demo <c>operator</c>, for steps only a signed-in user may take;
    /// it sends the antiforgery header that cookie-authenticated API writes need.
    /// </summary>
    public async Task<HttpClient> OperatorClientAsync() =>
        ConsoleSignIn.ClientFor(Host.BaseUrl, await Host.CookiesOfAsync("operator"));

    /// <summary>
    /// A new browser (its own cookies) that opens <paramref name="path"/> as a person does: the command
    /// center sends it to the login page, the person signs in as the demo user through the real form
    /// (an admin then enters the authenticator's code) and lands back on the page, live.
    /// </summary>
    public Task<IPage> OpenSignedInAsync(CommandCenterProcess host, string userName, string path = "/", int width = 1920, int height = 1080) =>
        OpenSignedInAsync(
            host, userName, ConsoleSignIn.DemoPassword(host.DataFolder, userName), ConsoleSignIn.DemoAuthenticatorKey(host.DataFolder, userName), path, width, height);

    /// <summary>As the demo-user overload, for any user: its password, and its authenticator key when it has a second factor.</summary>
    public async Task<IPage> OpenSignedInAsync(
        CommandCenterProcess host, string userName, string password, string? authenticatorKey, string path, int width = 1920, int height = 1080)
    {
        var page = await NewPageAsync(width, height);
        var target = $"{host.BaseUrl}{path}";
        await page.GotoAsync(target);
        await SubmitLoginFormAsync(page, userName, password);
        if (authenticatorKey is not null)
        {
            await SubmitSecondFactorAsync(page, ConsoleSignIn.CurrentCode(authenticatorKey));
        }

        await page.WaitForURLAsync(url => url == target, new() { Timeout = Timeout });
        await page.Locator("[data-interactive='true']").WaitForAsync(new() { Timeout = Timeout });
        return page;
    }

    /// <summary>Opens the wall as its kiosk browser does: sent to the login page first, signed in as the wall account.</summary>
    public Task<IPage> OpenWallAsync(CommandCenterProcess host, string path = "/", int width = 1920, int height = 1080) =>
        OpenSignedInAsync(host, WallAccount, path, width, height);

    /// <summary>Fills and posts the login form the page was sent to with the demo user's password.</summary>
    public static Task SubmitLoginFormAsync(IPage page, CommandCenterProcess host, string userName) =>
        SubmitLoginFormAsync(page, userName, ConsoleSignIn.DemoPassword(host.DataFolder, userName));

    /// <summary>
    /// Fills and posts the login form the page was sent to. Before signing in the page never goes live
    /// (the circuit is for signed-in users), so the form is filled at once.
    /// </summary>
    public static async Task SubmitLoginFormAsync(IPage page, string userName, string password)
    {
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/login", new() { Timeout = Timeout });
        await page.Locator("[data-testid='login-user']").FillAsync(userName);
        await page.Locator("[data-testid='login-password']").FillAsync(password);
        await page.Locator("[data-testid='login-submit']").ClickAsync();
    }

    /// <summary>Enters a code on the second-factor page the login form sent the page to.</summary>
    public static async Task SubmitSecondFactorAsync(IPage page, string code)
    {
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/login/2fa", new() { Timeout = Timeout });
        await page.Locator("[data-testid='second-factor-code']").FillAsync(code);
        await page.Locator("[data-testid='second-factor-submit']").ClickAsync();
    }

    /// <summary>A new browser with its own cookies, nobody signed in.</summary>
    /// <summary>
    /// Closes every page a test opened. The browser is shared by the whole suite: a page left open keeps its circuit and
    /// live connection, and once its command center is gone keeps trying to reconnect, until dozens of them starve the
    /// machine and later command centers cannot even start.
    /// </summary>
    public async ValueTask CloseContextsAsync()
    {
        foreach (var context in Browser.Contexts.ToList())
        {
            await context.CloseAsync();
        }
    }

    public async Task<IPage> NewPageAsync(int width = 1920, int height = 1080)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "zh-CN",
        });
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
        await Host.DisposeAsync();
        await Influx.DisposeAsync();
        foreach (var folder in new[] { _profile, _dataFolder }.OfType<string>())
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
