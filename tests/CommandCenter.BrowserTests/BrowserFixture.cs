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

    /// <summary>An HTTP client signed in as the seeded demo <c>operator</c>, for steps only a signed-in user may take.</summary>
    public async Task<HttpClient> OperatorClientAsync()
    {
        var cookies = await ConsoleSignIn.SignInAsync(Host.BaseUrl, "operator", ConsoleSignIn.DemoPassword(_dataFolder!, "operator"));
        return new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = new Uri(Host.BaseUrl) };
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
