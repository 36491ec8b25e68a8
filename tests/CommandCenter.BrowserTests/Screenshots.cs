using Microsoft.Playwright;

namespace CommandCenter.BrowserTests;

/// <summary>Screenshots for the docs: saved only when <c>CC_SCREENSHOT_DIR</c> names a folder (docs/screenshots).</summary>
internal static class Screenshots
{
    private static readonly string? Folder = Environment.GetEnvironmentVariable("CC_SCREENSHOT_DIR");

    public static async Task SaveAsync(IPage page, string name)
    {
        if (Folder is not null)
        {
            Directory.CreateDirectory(Folder);
            await page.ScreenshotAsync(new() { Path = Path.Combine(Folder, name), FullPage = false });
        }
    }
}
