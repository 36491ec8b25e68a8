namespace CommandCenter.Ops;

/// <summary>
/// Adds up the data folder's files by the store that keeps them, from one walk of the folder. Files may
/// vanish while it walks (spool segments are deleted once written); those simply are not counted.
/// </summary>
public static class DataFolderUsage
{
    private static readonly EnumerationOptions Walk = new() { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };

    public static DiskUse Measure(string folder)
    {
        var bytes = new Dictionary<DataStore, long>();
        var files = new Dictionary<DataStore, int>();
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*", Walk))
        {
            long length;
            try
            {
                length = file.Length;
            }
            catch (FileNotFoundException)
            {
                continue;
            }

            var store = StoreOf(Path.GetRelativePath(folder, file.FullName));
            bytes[store] = bytes.GetValueOrDefault(store) + length;
            files[store] = files.GetValueOrDefault(store) + 1;
        }

        var drive = new DriveInfo(folder);
        return new DiskUse(
            folder,
            [.. Enum.GetValues<DataStore>().Where(files.ContainsKey).Select(store => new StoreDisk(store, bytes[store], files[store]))],
            drive.IsReady ? drive.AvailableFreeSpace : null,
            drive.IsReady ? drive.TotalSize : null);
    }

    /// <summary>The store of a path relative to the data folder: SQLite files with their journals, and whole folders.</summary>
    public static DataStore StoreOf(string relativePath)
    {
        var first = relativePath.Split(Path.DirectorySeparatorChar, 2)[0];
        return first switch
        {
            "spool" => DataStore.Spool,
            "influxdb" => DataStore.InfluxDb,
            "photos" => DataStore.Photos,
            _ when first.StartsWith("grains.db", StringComparison.Ordinal) => DataStore.Grains,
            _ when first.StartsWith("commandcenter.db", StringComparison.Ordinal) => DataStore.Relational,
            _ when first.StartsWith("deadletters.db", StringComparison.Ordinal) => DataStore.DeadLetters,
            _ => DataStore.Other,
        };
    }
}
