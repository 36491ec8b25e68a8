using System.Diagnostics;
using CommandCenter.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using Shouldly;

namespace CommandCenter.Tests.Storage.Sqlite;

public sealed class SqliteGrainStorageTests : IAsyncLifetime
{
    private const string StateName = "log";

    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    private readonly string _folder = Directory.CreateTempSubdirectory("cc-grainstate-").FullName;
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();
    private SqliteGrainStorage _storage = default!;

    public ValueTask InitializeAsync()
    {
        _storage = Open();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _storage.DisposeAsync();
        await _services.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task WriteStateAsync_NestedCollections_ReadBackEqual()
    {
        var grain = NewGrainId();
        var written = Log("north-tower", visits: 3);

        await _storage.WriteStateAsync(StateName, grain, new GrainState<InspectionLog>(written));
        var read = await ReadAsync(grain);

        read.RecordExists.ShouldBeTrue();
        read.ETag.ShouldNotBeNullOrEmpty();
        InspectionLog.Json(read.State).ShouldBe(InspectionLog.Json(written));
    }

    [Fact]
    public async Task WriteStateAsync_StaleETag_ThrowsAndKeepsTheStoredState()
    {
        var grain = NewGrainId();
        await _storage.WriteStateAsync(StateName, grain, new GrainState<InspectionLog>(Log("v1", visits: 1)));
        var current = await ReadAsync(grain);
        var stale = await ReadAsync(grain);
        current.State = Log("v2", visits: 2);
        await _storage.WriteStateAsync(StateName, grain, current);

        stale.State = Log("v3", visits: 3);
        var conflict = await Should.ThrowAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, grain, stale));

        conflict.StoredEtag.ShouldBe(current.ETag);
        conflict.CurrentEtag.ShouldBe(stale.ETag);
        (await ReadAsync(grain)).State.ShouldNotBeNull().Site.ShouldBe("v2");
    }

    [Fact]
    public async Task WriteStateAsync_FirstWriteWhenARowExists_Throws()
    {
        var grain = NewGrainId();
        await _storage.WriteStateAsync(StateName, grain, new GrainState<InspectionLog>(Log("first", visits: 1)));

        var second = new GrainState<InspectionLog>(Log("second", visits: 1));
        await Should.ThrowAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, grain, second));

        (await ReadAsync(grain)).State.ShouldNotBeNull().Site.ShouldBe("first");
    }

    [Fact]
    public async Task WriteStateAsync_TwoWritersFromTheSameETagAtOnce_ExactlyOneWins()
    {
        var grain = NewGrainId();
        await _storage.WriteStateAsync(StateName, grain, new GrainState<InspectionLog>(Log("v1", visits: 1)));
        var left = await ReadAsync(grain);
        var right = await ReadAsync(grain);
        left.State = Log("left", visits: 1);
        right.State = Log("right", visits: 1);

        // Both are queued before either commits, so they usually land in the same transaction.
        var writes = new[] { _storage.WriteStateAsync(StateName, grain, left), _storage.WriteStateAsync(StateName, grain, right) };
        await Should.ThrowAsync<InconsistentStateException>(() => Task.WhenAll(writes));

        writes.Count(w => w.IsCompletedSuccessfully).ShouldBe(1);
        var winner = writes[0].IsCompletedSuccessfully ? left : right;
        var stored = await ReadAsync(grain);
        stored.ETag.ShouldBe(winner.ETag);
        stored.State.ShouldNotBeNull().Site.ShouldBe(winner.State!.Site);
    }

    [Fact]
    public async Task ClearStateAsync_ThenRead_GivesDefaultStateAndNoRecord()
    {
        var grain = NewGrainId();
        var state = new GrainState<InspectionLog>(Log("doomed", visits: 2));
        await _storage.WriteStateAsync(StateName, grain, state);

        await _storage.ClearStateAsync(StateName, grain, state);
        var read = await ReadAsync(grain);

        state.ETag.ShouldBeNull();
        state.RecordExists.ShouldBeFalse();
        read.RecordExists.ShouldBeFalse();
        read.ETag.ShouldBeNull();
        InspectionLog.Json(read.State).ShouldBe(InspectionLog.Json(new InspectionLog()));
    }

    [Fact]
    public async Task ClearStateAsync_StaleETag_ThrowsAndKeepsTheRow()
    {
        var grain = NewGrainId();
        await _storage.WriteStateAsync(StateName, grain, new GrainState<InspectionLog>(Log("kept", visits: 1)));
        var stale = await ReadAsync(grain);
        var current = await ReadAsync(grain);
        await _storage.WriteStateAsync(StateName, grain, current);

        await Should.ThrowAsync<InconsistentStateException>(() => _storage.ClearStateAsync(StateName, grain, stale));

        (await ReadAsync(grain)).RecordExists.ShouldBeTrue();
    }

    [Fact]
    public async Task ReadStateAsync_AfterReopeningTheFile_ReturnsWhatWasWritten()
    {
        var grain = NewGrainId();
        var written = Log("south-tower", visits: 2);
        var state = new GrainState<InspectionLog>(written);
        await _storage.WriteStateAsync(StateName, grain, state);

        await _storage.DisposeAsync();
        _storage = Open();
        var read = await ReadAsync(grain);

        read.ETag.ShouldBe(state.ETag);
        InspectionLog.Json(read.State).ShouldBe(InspectionLog.Json(written));
    }

    [Fact]
    public async Task WriteStateAsync_FiveThousandConcurrentWrites_AllLand()
    {
        const int count = 5_000;
        var grains = Enumerable.Range(0, count).Select(_ => NewGrainId()).ToArray();

        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(grains.Select((grain, i) => Task.Run(() =>
            _storage.WriteStateAsync(StateName, grain, new GrainState<InspectionLog>(Log($"site-{i}", visits: 2))))));
        stopwatch.Stop();

        // Console rather than the test output helper, which xunit shows only for failing tests.
        Console.WriteLine($"SQLite grain storage: {count} concurrent state writes committed in {stopwatch.ElapsedMilliseconds} ms ({count / stopwatch.Elapsed.TotalSeconds:N0} writes/s)");
        for (var i = 0; i < count; i++)
        {
            (await ReadAsync(grains[i])).State.ShouldNotBeNull().Site.ShouldBe($"site-{i}");
        }
    }

    private SqliteGrainStorage Open() => new(
        "test",
        new SqliteGrainStorageOptions { DatabasePath = Path.Combine(_folder, "grains.db") },
        new OrleansGrainStorageSerializer(_services.GetRequiredService<Serializer>()),
        _services.GetRequiredService<IActivatorProvider>(),
        new FakeTimeProvider(T0),
        NullLogger<SqliteGrainStorage>.Instance);

    private async Task<GrainState<InspectionLog>> ReadAsync(GrainId grain)
    {
        var state = new GrainState<InspectionLog>();
        await _storage.ReadStateAsync(StateName, grain, state);
        return state;
    }

    private static GrainId NewGrainId() => GrainId.Create("probe", Guid.NewGuid().ToString("N"));

    private static InspectionLog Log(string site, int visits) => new()
    {
        Site = site,
        Visits = [.. Enumerable.Range(0, visits).Select(i => new InspectionVisit($"inspector-{i}", T0.AddDays(i), [$"finding-{i}", "door sensor"]))],
        FloorsByShaft = new Dictionary<string, IReadOnlyList<int>> { ["A"] = [1, 2, 3], ["B"] = [] },
    };
}
