using System.Buffers.Binary;
using System.IO.Hashing;
using SkiaSharp;

namespace CommandCenter.Tests.Photos;

/// <summary>Uploads made in the test: a phone-like JPEG with EXIF GPS and orientation, bombs that declare huge sizes, a JPEG's segments.</summary>
internal static class TestPhotos
{
    public const string ExifMarkerText = "Exif";

    /// <summary>A JPEG <paramref name="width"/> × <paramref name="height"/>, left half red and right half blue.</summary>
    public static byte[] Jpeg(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Blue);
            using var red = new SKPaint { Color = SKColors.Red };
            canvas.DrawRect(0, 0, width / 2f, height, red);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    /// <summary>
    /// <see cref="Jpeg"/> with an EXIF APP1 segment as a phone writes one: orientation 6 (turn 90° clockwise to view) and
    /// a GPS position (38°28'N 106°17'E, Yinchuan).
    /// </summary>
    public static byte[] JpegWithExifGps(int width, int height)
    {
        var jpeg = Jpeg(width, height);
        var tiff = new byte[140];
        "II"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), 8);
        // IFD0 at 8: orientation, and the GPS IFD's offset (38).
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(8), 2);
        Entry(tiff, 10, 0x0112, 3, 1, 6);
        Entry(tiff, 22, 0x8825, 4, 1, 38);
        // GPS IFD at 38: latitude N and longitude E, each three rationals (at 92 and 116).
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(38), 4);
        Entry(tiff, 40, 0x0001, 2, 2, 'N');
        Entry(tiff, 52, 0x0002, 5, 3, 92);
        Entry(tiff, 64, 0x0003, 2, 2, 'E');
        Entry(tiff, 76, 0x0004, 5, 3, 116);
        Rationals(tiff, 92, 38, 28, 25);
        Rationals(tiff, 116, 106, 17, 19);

        var app1 = new byte[4 + 6 + tiff.Length];
        app1[0] = 0xFF;
        app1[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(app1.AsSpan(2), (ushort)(2 + 6 + tiff.Length));
        "Exif\0\0"u8.CopyTo(app1.AsSpan(4));
        tiff.CopyTo(app1, 10);
        return [.. jpeg[..2], .. app1, .. jpeg[2..]];
    }

    /// <summary>A valid PNG signature and header declaring <paramref name="width"/> × <paramref name="height"/>, and no pixels worth the name.</summary>
    public static byte[] PngBomb(uint width, uint height)
    {
        var header = new byte[17];
        "IHDR"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), width);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(8), height);
        header[12] = 8; // bit depth
        header[13] = 2; // truecolour
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.HashToUInt32(header));
        byte[] iend = [0, 0, 0, 0, (byte)'I', (byte)'E', (byte)'N', (byte)'D', 0xAE, 0x42, 0x60, 0x82];
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, .. header, .. crc, .. iend];
    }

    /// <summary>A small real JPEG whose frame header is changed to declare <paramref name="width"/> × <paramref name="height"/>.</summary>
    public static byte[] JpegBomb(ushort width, ushort height)
    {
        var jpeg = Jpeg(16, 16);
        var frame = Segments(jpeg).First(segment => segment.Marker is 0xC0 or 0xC2).Offset;
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(frame + 5), height);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(frame + 7), width);
        return jpeg;
    }

    /// <summary>A JPEG's segments up to the start of scan: each marker and where it starts.</summary>
    public static IReadOnlyList<(byte Marker, int Offset)> Segments(byte[] jpeg)
    {
        var segments = new List<(byte, int)>();
        var at = 2;
        while (at + 4 <= jpeg.Length && jpeg[at] == 0xFF)
        {
            var marker = jpeg[at + 1];
            segments.Add((marker, at));
            if (marker == 0xDA)
            {
                break;
            }

            at += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(at + 2));
        }

        return segments;
    }

    private static void Entry(byte[] tiff, int at, ushort tag, ushort type, uint count, uint value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at), tag);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at + 2), type);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at + 4), count);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at + 8), value);
    }

    private static void Rationals(byte[] tiff, int at, params uint[] values)
    {
        foreach (var (value, i) in values.Select((value, i) => (value, i)))
        {
            BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at + (i * 8)), value);
            BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at + (i * 8) + 4), 1);
        }
    }
}
