using System.ComponentModel.DataAnnotations;

namespace CommandCenter.Photos;

/// <summary>The format photos are stored in after re-encoding.</summary>
public enum StoredPhotoFormat
{
    Jpeg,
    Webp,
}

/// <summary>Limits, encoding, storage, retention and quota of case photos (<c>Photos</c> section), validated at start.</summary>
public sealed class PhotoOptions
{
    public const string Section = "Photos";

    /// <summary>Largest upload accepted, per photo (5 MB).</summary>
    [Range(1024, 50L * 1024 * 1024, ErrorMessage = "Photos:MaxBytes must be between 1024 and 52428800.")]
    public long MaxBytes { get; set; } = 5L * 1024 * 1024;

    /// <summary>Most pixels a photo's header may declare; more is refused before decoding (a decompression bomb).</summary>
    [Range(1, 200_000_000, ErrorMessage = "Photos:MaxPixels must be between 1 and 200000000.")]
    public long MaxPixels { get; set; } = 40_000_000;

    /// <summary>A stored photo's longer side in pixels at most; larger photos are scaled down, smaller ones kept as they are.</summary>
    [Range(64, 8192, ErrorMessage = "Photos:LongestSide must be between 64 and 8192.")]
    public int LongestSide { get; set; } = 1600;

    public StoredPhotoFormat Format { get; set; } = StoredPhotoFormat.Jpeg;

    /// <summary>Encoder quality, 1–100.</summary>
    [Range(1, 100, ErrorMessage = "Photos:Quality must be between 1 and 100.")]
    public int Quality { get; set; } = 82;

    /// <summary>
    /// Where photos are kept; empty for <c>photos</c> under the data folder. In a cluster every silo must see the same
    /// folder (a shared volume), since any silo may serve a photo another stored.
    /// </summary>
    public string? Folder { get; set; }

    /// <summary>How long a photo is kept after it was stored (five years, as elevator records).</summary>
    [Range(30, 36_500, ErrorMessage = "Photos:KeepDays must be between 30 and 36500.")]
    public int KeepDays { get; set; } = 1826;

    /// <summary>Most bytes the photo store may hold; a photo that would pass it is refused (50 GB).</summary>
    [Range(1024 * 1024, long.MaxValue, ErrorMessage = "Photos:QuotaBytes must be at least 1048576.")]
    public long QuotaBytes { get; set; } = 50L * 1024 * 1024 * 1024;
}
