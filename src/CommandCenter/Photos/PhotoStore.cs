using System.Globalization;
using System.Text.RegularExpressions;
using CommandCenter.TelemetryIngest;
using Microsoft.Extensions.Options;

namespace CommandCenter.Photos;

/// <summary>What the photo store holds against its quota.</summary>
public sealed record PhotoUsage(long Bytes, int Files, long QuotaBytes);

/// <summary>
/// Photos as files under <see cref="PhotoOptions.Folder"/> (by default <c>photos/</c> in the data folder), one folder
/// per day stored (<c>yyyy/MM/dd/</c>, in UTC on <see cref="TimeProvider"/> time), so retention removes whole days and
/// the age of a photo survives a copy or restore that resets file times. A photo's id (<c>yyyyMMdd-{guid}.jpg</c>)
/// names its file; nothing else is kept, the tickets hold the ids. The quota is checked against the bytes counted by
/// the last walk of the folder (at start and at each retention sweep) plus what this process stored and removed
/// since: in a cluster, other silos' photos are counted from the next walk on.
/// </summary>
public sealed partial class PhotoStore(IOptions<PhotoOptions> options, IOptions<DataOptions> data, TimeProvider time, ILogger<PhotoStore> logger)
{
    private readonly Lock _gate = new();
    private (long Bytes, int Files)? _usage;

    public string Folder => string.IsNullOrWhiteSpace(options.Value.Folder) ? data.Value.Combine("photos") : Path.GetFullPath(options.Value.Folder);

    public PhotoUsage Usage
    {
        get
        {
            var (bytes, files) = Counted();
            return new PhotoUsage(bytes, files, options.Value.QuotaBytes);
        }
    }

    /// <summary>Stores the photo and answers its id; null when it would take the store past its quota.</summary>
    public async Task<string?> SaveAsync(ProcessedPhoto photo, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var (bytes, files) = Counted();
            if (bytes + photo.Bytes.Length > options.Value.QuotaBytes)
            {
                return null;
            }

            // Reserved before writing, so photos arriving together cannot pass the quota between them.
            _usage = (bytes + photo.Bytes.Length, files + 1);
        }

        var id = $"{time.GetUtcNow():yyyyMMdd}-{Guid.NewGuid():N}.{(photo.Format == StoredPhotoFormat.Jpeg ? "jpg" : "webp")}";
        var path = PathOf(id)!;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, photo.Bytes, cancellationToken);
        }
        catch
        {
            Release(photo.Bytes.Length);
            throw;
        }

        return id;
    }

    /// <summary>The stored photo's bytes and content type; null when no photo has this id (never stored, or past retention).</summary>
    public (Stream Content, string ContentType)? Open(string id)
    {
        if (PathOf(id) is not { } path)
        {
            return null;
        }

        try
        {
            return (new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, useAsync: true), ContentTypeOf(id));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Removes photos stored on a day that ended before <paramref name="cutoff"/>; answers how many and the oldest day kept.</summary>
    public (long Removed, DateTimeOffset? OldestKept) RemoveOlderThan(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        long removed = 0;
        DateTimeOffset? oldest = null;
        foreach (var (day, folder) in Days().ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (day.AddDays(1) > cutoff)
            {
                oldest = oldest is { } before && before < day ? before : day;
                continue;
            }

            var files = Directory.GetFiles(folder);
            foreach (var file in files)
            {
                File.Delete(file);
            }

            Directory.Delete(folder, recursive: true);
            RemoveIfEmpty(Path.GetDirectoryName(folder)!);
            removed += files.Length;
            logger.LogDebug("Removed {Count} photos stored on {Day:yyyy-MM-dd}", files.Length, day);
        }

        Recount();
        return (removed, oldest);
    }

    /// <summary>A month's folder once its last day is gone, then the year's.</summary>
    private void RemoveIfEmpty(string month)
    {
        foreach (var folder in new[] { month, Path.GetDirectoryName(month)! })
        {
            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }
        }
    }

    /// <summary>Walks the folder again for the quota (each retention sweep does).</summary>
    public void Recount()
    {
        var counted = Walk();
        lock (_gate)
        {
            _usage = counted;
        }
    }

    /// <summary>Removes a photo that was stored but never attached (its ticket refused it).</summary>
    public void Delete(string id)
    {
        if (PathOf(id) is not { } path || !File.Exists(path))
        {
            return;
        }

        var length = new FileInfo(path).Length;
        File.Delete(path);
        Release(length);
    }

    private (long Bytes, int Files) Counted()
    {
        lock (_gate)
        {
            return _usage ??= Walk();
        }
    }

    private void Release(long bytes)
    {
        lock (_gate)
        {
            if (_usage is { } usage)
            {
                _usage = (Math.Max(0, usage.Bytes - bytes), Math.Max(0, usage.Files - 1));
            }
        }
    }

    private (long Bytes, int Files) Walk()
    {
        if (!Directory.Exists(Folder))
        {
            return (0, 0);
        }

        long bytes = 0;
        var files = 0;
        foreach (var file in new DirectoryInfo(Folder).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true }))
        {
            try
            {
                bytes += file.Length;
                files++;
            }
            catch (FileNotFoundException)
            {
                // Removed while walking.
            }
        }

        return (bytes, files);
    }

    /// <summary>The day folders (<c>yyyy/MM/dd</c>) with the day they hold; anything else in the folder is left alone.</summary>
    private IEnumerable<(DateTimeOffset Day, string Folder)> Days()
    {
        if (!Directory.Exists(Folder))
        {
            yield break;
        }

        foreach (var folder in Directory.EnumerateDirectories(Folder, "*", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 2 }))
        {
            var relative = Path.GetRelativePath(Folder, folder).Replace(Path.DirectorySeparatorChar, '/');
            if (DateTime.TryParseExact(relative, "yyyy/MM/dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var day))
            {
                yield return (new DateTimeOffset(day, TimeSpan.Zero), folder);
            }
        }
    }

    /// <summary>The file of a well-formed id; null for anything else, so no id reaches outside the folder.</summary>
    private string? PathOf(string id)
    {
        var match = IdPattern().Match(id);
        return match.Success
            ? Path.Combine(Folder, match.Groups["y"].Value, match.Groups["m"].Value, match.Groups["d"].Value, $"{match.Groups["name"].Value}.{match.Groups["ext"].Value}")
            : null;
    }

    private static string ContentTypeOf(string id) => id.EndsWith(".webp", StringComparison.Ordinal) ? "image/webp" : "image/jpeg";

    [GeneratedRegex(@"^(?<y>\d{4})(?<m>\d{2})(?<d>\d{2})-(?<name>[0-9a-f]{32})\.(?<ext>jpg|webp)$")]
    private static partial Regex IdPattern();
}
