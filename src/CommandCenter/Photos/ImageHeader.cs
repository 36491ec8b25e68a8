using System.Buffers.Binary;

namespace CommandCenter.Photos;

/// <summary>The image formats accepted for upload.</summary>
public enum PhotoFormat
{
    Jpeg,
    Png,
    Webp,
}

/// <summary>
/// An upload's format and the size its header declares, read from the bytes alone (never the file name or the
/// declared content type) and before anything is decoded, so a small file declaring a huge image is refused
/// without allocating its pixels.
/// </summary>
public sealed record ImageHeader(PhotoFormat Format, int Width, int Height)
{
    public long Pixels => (long)Width * Height;

    /// <summary>The header, or null when the bytes are no JPEG, PNG or WebP whose size can be read.</summary>
    public static ImageHeader? Read(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith(PngSignature) ? ReadPng(bytes)
        : bytes.Length > 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF ? ReadJpeg(bytes)
        : bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8) ? ReadWebp(bytes)
        : null;

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The first chunk is IHDR: width and height as big-endian 32-bit numbers.</summary>
    private static ImageHeader? ReadPng(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 24 || !bytes[12..16].SequenceEqual("IHDR"u8))
        {
            return null;
        }

        var width = BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]);
        var height = BinaryPrimitives.ReadUInt32BigEndian(bytes[20..]);
        return Sized(PhotoFormat.Png, width, height);
    }

    /// <summary>Walks the segments up to the first start-of-frame marker, which holds height and width.</summary>
    private static ImageHeader? ReadJpeg(ReadOnlySpan<byte> bytes)
    {
        var at = 2;
        while (at + 4 <= bytes.Length)
        {
            if (bytes[at] != 0xFF)
            {
                return null;
            }

            var marker = bytes[at + 1];
            if (marker == 0xFF)
            {
                at++; // fill byte
                continue;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                at += 2; // markers without a length
                continue;
            }

            if (marker is 0xD9 or 0xDA)
            {
                return null; // end of image or start of scan before any frame header
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes[(at + 2)..]);
            if (length < 2)
            {
                return null;
            }

            var isFrame = marker is (>= 0xC0 and <= 0xCF) and not (0xC4 or 0xC8 or 0xCC);
            if (isFrame)
            {
                if (at + 9 > bytes.Length)
                {
                    return null;
                }

                var height = BinaryPrimitives.ReadUInt16BigEndian(bytes[(at + 5)..]);
                var width = BinaryPrimitives.ReadUInt16BigEndian(bytes[(at + 7)..]);
                return Sized(PhotoFormat.Jpeg, width, height);
            }

            at += 2 + length;
        }

        return null;
    }

    /// <summary>The first chunk: lossy (VP8), lossless (VP8L) or extended (VP8X, the canvas size).</summary>
    private static ImageHeader? ReadWebp(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 30)
        {
            return null;
        }

        var chunk = bytes[12..16];
        if (chunk.SequenceEqual("VP8 "u8))
        {
            // Frame tag (3 bytes), start code 9D 01 2A, then 14-bit width and height.
            return bytes[23] == 0x9D && bytes[24] == 0x01 && bytes[25] == 0x2A
                ? Sized(PhotoFormat.Webp, BinaryPrimitives.ReadUInt16LittleEndian(bytes[26..]) & 0x3FFFu, BinaryPrimitives.ReadUInt16LittleEndian(bytes[28..]) & 0x3FFFu)
                : null;
        }

        if (chunk.SequenceEqual("VP8L"u8))
        {
            // Signature 0x2F, then width - 1 and height - 1 in 14 bits each.
            if (bytes[20] != 0x2F)
            {
                return null;
            }

            var bits = BinaryPrimitives.ReadUInt32LittleEndian(bytes[21..]);
            return Sized(PhotoFormat.Webp, (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
        }

        if (chunk.SequenceEqual("VP8X"u8))
        {
            // Flags and reserved bytes, then canvas width - 1 and height - 1 in 24 bits each.
            var width = bytes[24] | (uint)bytes[25] << 8 | (uint)bytes[26] << 16;
            var height = bytes[27] | (uint)bytes[28] << 8 | (uint)bytes[29] << 16;
            return Sized(PhotoFormat.Webp, width + 1, height + 1);
        }

        return null;
    }

    private static ImageHeader? Sized(PhotoFormat format, uint width, uint height) =>
        width is 0 or > int.MaxValue || height is 0 or > int.MaxValue ? null : new ImageHeader(format, (int)width, (int)height);
}
