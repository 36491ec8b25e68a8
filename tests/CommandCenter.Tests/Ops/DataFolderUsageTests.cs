using CommandCenter.Ops;
using Shouldly;

namespace CommandCenter.Tests.Ops;

public sealed class DataFolderUsageTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cc-disk-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Measure_AFolderLikeRunShs_AddsUpEachStoreWithItsJournalsAndFolders()
    {
        Write("grains.db", 100);
        Write("grains.db-wal", 50);
        Write("commandcenter.db", 10);
        Write("deadletters.db", 7);
        Write("spool/000001.seg", 300);
        Write("spool/checkpoint", 16);
        Write("influxdb/data/cc/autogen/1/000000001-000000001.tsm", 1000);
        Write("city.json", 5);
        Write("keys/key-1.xml", 1);

        var disk = DataFolderUsage.Measure(_folder);

        disk.Stores.ShouldBe([
            new StoreDisk(DataStore.Grains, 150, 2),
            new StoreDisk(DataStore.Relational, 10, 1),
            new StoreDisk(DataStore.DeadLetters, 7, 1),
            new StoreDisk(DataStore.Spool, 316, 2),
            new StoreDisk(DataStore.InfluxDb, 1000, 1),
            new StoreDisk(DataStore.Other, 6, 2),
        ]);
        disk.FreeBytes.ShouldNotBeNull().ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Measure_NoInfluxHere_LeavesStoresWithoutFilesOut()
    {
        Write("deadletters.db", 7);

        DataFolderUsage.Measure(_folder).Stores.ShouldBe([new StoreDisk(DataStore.DeadLetters, 7, 1)]);
    }

    private void Write(string relativePath, int bytes)
    {
        var path = Path.Combine(_folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, new byte[bytes]);
    }
}
