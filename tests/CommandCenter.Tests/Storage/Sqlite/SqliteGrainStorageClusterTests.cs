using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.Storage;
using Orleans.TestingHost;
using Shouldly;

namespace CommandCenter.Tests.Storage.Sqlite;

/// <summary>Grains with <c>[PersistentState]</c> on the SQLite provider, in a real in-process silo.</summary>
public sealed class SqliteGrainStorageClusterTests : IAsyncDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    private static readonly InspectionLog Saved = new()
    {
        Site = "harbour-garage",
        Visits = [new InspectionVisit("inspector-1", T0, ["brake wear", "door sensor"]), new InspectionVisit("inspector-2", T0.AddDays(30), [])],
        FloorsByShaft = new Dictionary<string, IReadOnlyList<int>> { ["A"] = [-2, -1, 0, 1] },
    };

    private readonly string _folder = Directory.CreateTempSubdirectory("cc-grainstate-cluster-").FullName;
    private InProcessTestCluster? _cluster;

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task WriteStateAsync_ThenDeactivate_NewActivationReadsTheState()
    {
        var cluster = await StartClusterAsync();
        var grain = cluster.Client.GetGrain<IStorageProbeGrain>(NewKey());
        await grain.SaveAsync(Saved);
        var firstActivation = await grain.GetActivationIdAsync();

        await cluster.DeactivateAsync(grain);

        (await grain.GetActivationIdAsync()).ShouldNotBe(firstActivation);
        (await grain.RecordExistsAsync()).ShouldBeTrue();
        InspectionLog.Json(await grain.GetAsync()).ShouldBe(InspectionLog.Json(Saved));
    }

    [Fact]
    public async Task ClearStateAsync_ThenDeactivate_NewActivationHasNoRecord()
    {
        var cluster = await StartClusterAsync();
        var grain = cluster.Client.GetGrain<IStorageProbeGrain>(NewKey());
        await grain.SaveAsync(Saved);

        await grain.ClearAsync();
        await cluster.DeactivateAsync(grain);

        (await grain.RecordExistsAsync()).ShouldBeFalse();
        InspectionLog.Json(await grain.GetAsync()).ShouldBe(InspectionLog.Json(new InspectionLog()));
    }

    [Fact]
    public async Task WriteStateAsync_ThenClusterRestart_StateIsStillThere()
    {
        var key = NewKey();
        var before = await StartClusterAsync();
        await before.Client.GetGrain<IStorageProbeGrain>(key).SaveAsync(Saved);
        await before.DisposeAsync();
        _cluster = null;

        var after = await StartClusterAsync();
        var grain = after.Client.GetGrain<IStorageProbeGrain>(key);

        (await grain.RecordExistsAsync()).ShouldBeTrue();
        InspectionLog.Json(await grain.GetAsync()).ShouldBe(InspectionLog.Json(Saved));
        // The restored activation holds the stored ETag, so it can keep writing.
        await grain.SaveAsync(Saved with { Site = "harbour-garage-2" });
    }

    private async Task<InProcessTestCluster> StartClusterAsync()
    {
        var databasePath = Path.Combine(_folder, "grains.db");
        var builder = new InProcessTestClusterBuilder();
        builder.ConfigureSilo((_, silo) => silo.AddSqliteGrainStorage(StorageNames.Grains, o => o.DatabasePath = databasePath));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
        return _cluster;
    }

    private static string NewKey() => Guid.NewGuid().ToString("N");
}
