using CommandCenter.Testing;
using Microsoft.Playwright;

namespace CommandCenter.BrowserTests;

/// <summary>
/// Debian's Chromium driven by Playwright (its own browser download cannot work here), plus a real
/// influxd and command center process for the pages to talk to.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private string? _profile;

    public IBrowser Browser { get; private set; } = default!;

    public InfluxServer Influx { get; private set; } = default!;

    public CommandCenterProcess Host { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        Influx = await InfluxServer.StartAsync();
        Host = await CommandCenterProcess.StartAsync(Influx.Url);
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
            ],
        });
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
        if (_profile is not null)
        {
            Directory.Delete(_profile, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
