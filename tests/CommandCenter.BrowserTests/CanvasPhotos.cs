using Microsoft.Playwright;

namespace CommandCenter.BrowserTests;

/// <summary>Photos a page's camera would hand over, drawn by the page's own canvas, and the screenshots the docs show.</summary>
internal static class CanvasPhotos
{
    /// <summary>Set to a folder to save screenshots there (docs/screenshots).</summary>
    private static readonly string? ScreenshotFolder = Environment.GetEnvironmentVariable("CC_SCREENSHOT_DIR");

    /// <summary>A small JPEG (320 × 240) as a phone's camera would hand it over.</summary>
    public static async Task<byte[]> JpegAsync(IPage page)
    {
        var dataUrl = await page.EvaluateAsync<string>("""
            () => {
                const canvas = document.createElement('canvas');
                canvas.width = 320;
                canvas.height = 240;
                const context = canvas.getContext('2d');
                context.fillStyle = '#6d8f3a';
                context.fillRect(0, 0, 320, 240);
                context.fillStyle = '#8a6d3b';
                context.fillRect(100, 80, 120, 90);
                return canvas.toDataURL('image/jpeg', 0.8);
            }
            """);
        return Convert.FromBase64String(dataUrl[(dataUrl.IndexOf(',', StringComparison.Ordinal) + 1)..]);
    }

    /// <summary>Saves the whole page under <c>CC_SCREENSHOT_DIR</c> when it is set.</summary>
    public static async Task SaveScreenshotAsync(IPage page, string name)
    {
        if (ScreenshotFolder is not null)
        {
            Directory.CreateDirectory(ScreenshotFolder);
            await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, name), FullPage = true });
        }
    }
}
