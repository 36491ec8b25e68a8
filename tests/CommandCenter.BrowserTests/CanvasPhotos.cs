using Microsoft.Playwright;

namespace CommandCenter.BrowserTests;

/// <summary>Photos a page's camera would hand over, drawn by the page's own canvas.</summary>
internal static class CanvasPhotos
{
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
}
