using SkiaSharp;

namespace CommandCenter.Simulators.People;

/// <summary>
/// A small generated JPEG standing in for a phone's photo of the spot: a sky and ground of random tints and a few shapes,
/// a few tens of kilobytes, so the command center checks, re-encodes and stores it as it would a real one.
/// </summary>
public static class CasePhoto
{
    public const string ContentType = "image/jpeg";

    private const int Width = 640;
    private const int Height = 480;
    private const int Quality = 80;

    public static byte[] Jpeg(Random random)
    {
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height));
        var canvas = surface.Canvas;
        canvas.Clear(Tint(random, 150, 230));
        using var paint = new SKPaint { IsAntialias = true };
        paint.Color = Tint(random, 60, 140);
        canvas.DrawRect(0, Height * 0.55f, Width, Height * 0.45f, paint);
        for (var shape = random.Next(3, 8); shape > 0; shape--)
        {
            paint.Color = Tint(random, 20, 255);
            var (x, y) = (random.Next(Width), random.Next(Height / 2, Height));
            if (random.Next(2) == 0)
            {
                canvas.DrawCircle(x, y, random.Next(15, 70), paint);
            }
            else
            {
                canvas.DrawRect(x, y - random.Next(20, 120), random.Next(30, 160), random.Next(20, 120), paint);
            }
        }

        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, Quality);
        return data.ToArray();
    }

    private static SKColor Tint(Random random, int min, int max) =>
        new((byte)random.Next(min, max), (byte)random.Next(min, max), (byte)random.Next(min, max));
}
