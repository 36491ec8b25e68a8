using Microsoft.Extensions.Options;
using SkiaSharp;

namespace CommandCenter.Photos;

/// <summary>A photo ready to store: re-encoded, scaled to the configured size, without any of the upload's metadata.</summary>
public sealed record ProcessedPhoto(string Name, byte[] Bytes, StoredPhotoFormat Format, int Width, int Height);

/// <summary>
/// Checks an upload by its content and turns it into the stored photo with SkiaSharp: the format from the bytes
/// (<see cref="ImageHeader"/>), the size from its header before decoding (more than <see cref="PhotoOptions.MaxPixels"/>
/// is refused), then decoded, turned upright as its EXIF orientation says, scaled so its longer side is at most
/// <see cref="PhotoOptions.LongestSide"/>, and encoded afresh. The encoder writes only pixels, so EXIF (GPS, camera,
/// times), XMP and comments of the upload are not carried over.
/// </summary>
public sealed class PhotoProcessor(IOptions<PhotoOptions> options)
{
    /// <summary>The stored photo, or why the upload is refused.</summary>
    public (ProcessedPhoto? Photo, PhotoRefusal? Refusal) Process(string name, byte[] upload)
    {
        var limits = options.Value;
        if (upload.Length == 0)
        {
            return (null, new PhotoRefusal(PhotoRefusal.Empty, name));
        }

        if (upload.Length > limits.MaxBytes)
        {
            return (null, new PhotoRefusal(PhotoRefusal.TooLarge, name, PhotoSizes.Text(upload.Length), PhotoSizes.Text(limits.MaxBytes)));
        }

        if (ImageHeader.Read(upload) is not { } header)
        {
            return (null, new PhotoRefusal(PhotoRefusal.NotAnImage, name));
        }

        if (header.Pixels > limits.MaxPixels)
        {
            return (null, new PhotoRefusal(
                PhotoRefusal.TooManyPixels, name, header.Width, header.Height, Megapixels(header.Pixels), Megapixels(limits.MaxPixels)));
        }

        return Decode(name, upload, header) is { } photo ? (photo, null) : (null, new PhotoRefusal(PhotoRefusal.Undecodable, name, header.Format));
    }

    private static string Megapixels(long pixels) => (pixels / 1_000_000.0).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);

    private ProcessedPhoto? Decode(string name, byte[] upload, ImageHeader header)
    {
        var limits = options.Value;
        using var data = SKData.CreateCopy(upload);
        using var codec = SKCodec.Create(data);
        // The decoder must agree with the header: same format, same size, or the file is not what it claims.
        if (codec is null || codec.EncodedFormat != SkiaFormatOf(header.Format) || codec.Info.Width != header.Width || codec.Info.Height != header.Height)
        {
            return null;
        }

        using var bitmap = new SKBitmap(codec.Info.WithColorType(SKColorType.Rgba8888).WithAlphaType(SKAlphaType.Premul));
        var result = codec.GetPixels(bitmap.Info, bitmap.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            return null;
        }

        var origin = codec.EncodedOrigin;
        var turned = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (uprightWidth, uprightHeight) = turned ? (bitmap.Height, bitmap.Width) : (bitmap.Width, bitmap.Height);
        var scale = Math.Min(1.0, (double)limits.LongestSide / Math.Max(uprightWidth, uprightHeight));
        var width = Math.Max(1, (int)Math.Round(uprightWidth * scale));
        var height = Math.Max(1, (int)Math.Round(uprightHeight * scale));

        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        // JPEG has no transparency: a transparent PNG is laid on white rather than black.
        canvas.Clear(limits.Format == StoredPhotoFormat.Jpeg ? SKColors.White : SKColors.Transparent);
        canvas.Scale((float)width / uprightWidth, (float)height / uprightHeight);
        canvas.Concat(UprightOf(origin, bitmap.Width, bitmap.Height));
        using (var image = SKImage.FromBitmap(bitmap))
        {
            canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKCubicResampler.Mitchell));
        }

        using var snapshot = surface.Snapshot();
        using var encoded = snapshot.Encode(limits.Format == StoredPhotoFormat.Jpeg ? SKEncodedImageFormat.Jpeg : SKEncodedImageFormat.Webp, limits.Quality);
        return encoded is null ? null : new ProcessedPhoto(name, encoded.ToArray(), limits.Format, width, height);
    }

    private static SKEncodedImageFormat SkiaFormatOf(PhotoFormat format) => format switch
    {
        PhotoFormat.Jpeg => SKEncodedImageFormat.Jpeg,
        PhotoFormat.Png => SKEncodedImageFormat.Png,
        _ => SKEncodedImageFormat.Webp,
    };

    /// <summary>Maps the stored pixels (w × h) onto the upright picture, for each EXIF orientation.</summary>
    private static SKMatrix UprightOf(SKEncodedOrigin origin, int w, int h) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
        _ => SKMatrix.Identity,
    };
}

/// <summary>Byte counts as people read them.</summary>
public static class PhotoSizes
{
    public static string Text(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.#} GB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.#} MB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.#} KB",
        _ => $"{bytes} B",
    };
}
