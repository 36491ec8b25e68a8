using System.Text;
using CommandCenter.Photos;
using Microsoft.Extensions.Options;
using Shouldly;
using SkiaSharp;

namespace CommandCenter.Tests.Photos;

/// <summary>What an upload becomes: refused with its reason, or re-encoded upright, scaled down and without its metadata.</summary>
public sealed class PhotoProcessorTests
{
    private readonly PhotoProcessor _processor = new(Options.Create(new PhotoOptions { LongestSide = 1600 }));

    [Fact]
    public void Process_AFileOverFiveMegabytes_IsRefusedAsTooLarge()
    {
        byte[] upload = [0xFF, 0xD8, 0xFF, .. new byte[5 * 1024 * 1024]];

        var (photo, refusal) = _processor.Process("big.jpg", upload);

        photo.ShouldBeNull();
        refusal.ShouldBe(new PhotoRefusal(PhotoRefusal.TooLarge, "big.jpg", "5 MB", "5 MB"), new RefusalComparer());
    }

    [Fact]
    public void Process_TextNamedAsAJpeg_IsRefusedAsNotAnImage()
    {
        var (photo, refusal) = _processor.Process("street.jpg", Encoding.UTF8.GetBytes("<html>not a photo</html>"));

        photo.ShouldBeNull();
        refusal!.Key.ShouldBe(PhotoRefusal.NotAnImage);
    }

    [Theory]
    [InlineData("png")]
    [InlineData("jpeg")]
    public void Process_ATinyFileDeclaringAHugeImage_IsRefusedBeforeDecoding(string format)
    {
        var bomb = format == "png" ? TestPhotos.PngBomb(100_000, 100_000) : TestPhotos.JpegBomb(60_000, 60_000);

        var (photo, refusal) = _processor.Process("bomb", bomb);

        bomb.Length.ShouldBeLessThan(2048);
        photo.ShouldBeNull();
        refusal!.Key.ShouldBe(PhotoRefusal.TooManyPixels);
        refusal.Args[3].ShouldBe(format == "png" ? "10000" : "3600");
    }

    [Fact]
    public void Process_APhoneJpegWithExifGps_IsStoredUprightScaledDownAndWithoutExif()
    {
        var upload = TestPhotos.JpegWithExifGps(2000, 1000);
        TestPhotos.Segments(upload).ShouldContain(segment => segment.Marker == 0xE1, "the upload carries EXIF");

        var (photo, refusal) = _processor.Process("phone.jpg", upload);

        refusal.ShouldBeNull();
        TestPhotos.Segments(photo!.Bytes).ShouldNotContain(segment => segment.Marker == 0xE1, "an APP1 (EXIF/XMP) segment survived");
        Encoding.ASCII.GetString(photo.Bytes).ShouldNotContain(TestPhotos.ExifMarkerText);
        // Orientation 6 turns the 2000 × 1000 picture upright (the red left half on top), then it is scaled to 1600 on its long side.
        (photo.Width, photo.Height).ShouldBe((800, 1600));
        using var stored = SKBitmap.Decode(photo.Bytes);
        (stored.Width, stored.Height).ShouldBe((800, 1600));
        stored.GetPixel(400, 400).Red.ShouldBeGreaterThan((byte)200);
        stored.GetPixel(400, 1200).Blue.ShouldBeGreaterThan((byte)200);
    }

    [Fact]
    public void Process_APngOrWebp_IsStoredAsJpegOfTheSameSize()
    {
        using var bitmap = new SKBitmap(300, 200);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Green);
        }

        using var image = SKImage.FromBitmap(bitmap);
        foreach (var format in new[] { SKEncodedImageFormat.Png, SKEncodedImageFormat.Webp })
        {
            using var encoded = image.Encode(format, 90);
            var (photo, refusal) = _processor.Process($"photo.{format}", encoded.ToArray());

            refusal.ShouldBeNull();
            ImageHeader.Read(photo!.Bytes).ShouldBe(new ImageHeader(PhotoFormat.Jpeg, 300, 200));
        }
    }

    private sealed class RefusalComparer : IEqualityComparer<PhotoRefusal?>
    {
        public bool Equals(PhotoRefusal? x, PhotoRefusal? y) => x?.Key == y?.Key && (x?.Args ?? []).SequenceEqual(y?.Args ?? []);

        public int GetHashCode(PhotoRefusal? obj) => obj?.Key.GetHashCode() ?? 0;
    }
}
