using Microsoft.Playwright;

namespace CommandCenter.BrowserTests;

/// <summary>Screenshots for the README: saved only when <c>CC_SCREENSHOT_DIR</c> names a folder (docs/screenshots).</summary>
internal static class Screenshots
{
    private static readonly string? Folder = Environment.GetEnvironmentVariable("CC_SCREENSHOT_DIR");

    /// <summary>Saves the viewport, or the whole page with <paramref name="fullPage"/>, as <paramref name="name"/>; does nothing without the folder.</summary>
    public static async Task SaveAsync(IPage page, string name, bool fullPage = false)
    {
        if (Folder is not null)
        {
            Directory.CreateDirectory(Folder);
            await page.ScreenshotAsync(new() { Path = Path.Combine(Folder, name), FullPage = fullPage });
        }
    }
}
