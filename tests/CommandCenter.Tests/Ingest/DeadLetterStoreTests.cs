using System.Text;
using CommandCenter.TelemetryIngest;
using CommandCenter.TelemetryIngest.Broker.Listener;
using CommandCenter.TelemetryIngest.DeadLetters;
using CommandCenter.TelemetryIngest.Validation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace CommandCenter.Tests.Ingest;

public sealed class DeadLetterStoreTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 3, 0, 0, TimeSpan.Zero));
    private readonly string _folder = Directory.CreateTempSubdirectory("cc-deadletters-").FullName;
    private DeadLetterStore _store = default!;

    public ValueTask InitializeAsync()
    {
        _store = Open();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private DeadLetterStore Open(int refusalSamplesPerSecond = 5) =>
        new(Options.Create(new DataOptions { Path = _folder }), Options.Create(new MqttListenerOptions { RefusalSamplesPerSecond = refusalSamplesPerSecond }),
            _time, NullLogger<DeadLetterStore>.Instance);

    private async Task RejectAsync(RejectReason reason, string payload = "{}", string device = "EL-1")
    {
        await _store.AddAsync(DecodeResult.Reject(reason, $"{reason} detail", device), $"cc/v1/elevators/{device}/status", "client", Encoding.UTF8.GetBytes(payload));
        _time.Advance(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Newest_AfterSeveralRejects_ListsNewestFirstWithCountsPerReason()
    {
        await RejectAsync(RejectReason.BadJson);
        await RejectAsync(RejectReason.OutOfRange);
        await RejectAsync(RejectReason.BadJson);

        var newest = _store.Newest(10);
        newest.Select(d => d.Reason).ShouldBe([RejectReason.BadJson, RejectReason.OutOfRange, RejectReason.BadJson]);
        newest[0].At.ShouldBeGreaterThan(newest[1].At);
        _store.Newest(10, RejectReason.OutOfRange).Single().Detail.ShouldBe("OutOfRange detail");
        _store.CountsByReason()[RejectReason.BadJson].ShouldBe(2);
        _store.Total.ShouldBe(3);
    }

    [Fact]
    public async Task Newest_OfOneDevice_ListsItsLettersOnlyAlsoWithAReason()
    {
        await RejectAsync(RejectReason.BadJson, device: "EL-1");
        await RejectAsync(RejectReason.BadJson, device: "EL-2");
        await RejectAsync(RejectReason.OutOfRange, device: "EL-2");

        _store.Newest(10, deviceId: "EL-2").Select(d => d.Reason).ShouldBe([RejectReason.OutOfRange, RejectReason.BadJson]);
        _store.Newest(10, RejectReason.BadJson, "EL-2").ShouldHaveSingleItem().DeviceId.ShouldBe("EL-2");
        _store.Newest(10, deviceId: "EL-3").ShouldBeEmpty();
    }

    [Fact]
    public async Task ConnectionsRefusedSinceStart_ConnectionsAndMessagesRefused_CountsTheConnectionsOnly()
    {
        await _store.AddConnectionRefusalAsync(RejectReason.UnknownDevice, "CONNECT refused", "intruder", "EL-GHOST");
        await _store.AddConnectionRefusalAsync(RejectReason.UnknownDevice, "CONNECT refused", "intruder", "EL-GHOST");
        await RejectAsync(RejectReason.BadJson);

        _store.ConnectionsRefusedSinceStart.ToDictionary().ShouldBe(new Dictionary<RejectReason, long> { [RejectReason.UnknownDevice] = 2 });
    }

    [Fact]
    public async Task Reopen_AfterRestart_KeepsLettersAndCounts()
    {
        await RejectAsync(RejectReason.MissingField, "{\"a\":1}");
        await _store.DisposeAsync();

        _store = Open();

        var letter = _store.Newest(10).ShouldHaveSingleItem();
        letter.Reason.ShouldBe(RejectReason.MissingField);
        letter.PayloadExcerpt.ShouldBe("{\"a\":1}");
        letter.ClientId.ShouldBe("client");
        _store.CountsByReason()[RejectReason.MissingField].ShouldBe(1);
    }

    [Fact]
    public async Task AddAsync_ManyConcurrentRejects_KeepsEveryOne()
    {
        await Task.WhenAll(Enumerable.Range(0, 2000).Select(i =>
            _store.AddAsync(DecodeResult.Reject(RejectReason.BadJson, $"#{i}"), "t", null, [(byte)'x'])));

        _store.Newest(int.MaxValue).Count.ShouldBe(2000);
        _store.CountsByReason()[RejectReason.BadJson].ShouldBe(2000);
    }

    [Fact]
    public async Task AddAsync_HugeBinaryPayload_KeepsABoundedPrintableExcerpt()
    {
        var payload = Enumerable.Range(0, 100_000).Select(i => (byte)(i % 256)).ToArray();

        await _store.AddAsync(DecodeResult.Reject(RejectReason.Oversized, "big"), "t", null, payload);

        var letter = _store.Newest(1).Single();
        letter.PayloadBytes.ShouldBe(100_000);
        letter.PayloadExcerpt.Length.ShouldBeLessThanOrEqualTo(DeadLetterStore.ExcerptChars + 1);
        letter.PayloadExcerpt.ShouldNotContain('\0');
    }

    [Fact]
    public async Task AddConnectionRefusalAsync_AFlood_IsCountedWholeButSampledPerSecond()
    {
        await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            _store.AddConnectionRefusalAsync(RejectReason.ConnectionLimit, $"from 10.0.0.{i}", null, null)));
        _time.Advance(TimeSpan.FromSeconds(1));
        await _store.AddConnectionRefusalAsync(RejectReason.ConnectionLimit, "a second later", null, null);

        _store.CountsByReason()[RejectReason.ConnectionLimit].ShouldBe(51);
        var kept = _store.Newest(100, RejectReason.ConnectionLimit);
        kept.Count.ShouldBe(6);
        kept[0].Detail.ShouldBe("a second later");
        kept.ShouldAllBe(letter => letter.Topic == DeadLetterStore.ConnectTopic);

        await _store.DisposeAsync();
        _store = Open();
        _store.CountsByReason()[RejectReason.ConnectionLimit].ShouldBe(51);
    }

    [Fact]
    public async Task AddConnectionRefusalAsync_PastItsCapacity_NeverEvictsDevicesDeadLetters()
    {
        await _store.DisposeAsync();
        _store = Open(refusalSamplesPerSecond: 10_000);
        await RejectAsync(RejectReason.BadJson);

        for (var batch = 0; batch < 2; batch++)
        {
            await Task.WhenAll(Enumerable.Range(0, (DeadLetterStore.ConnectionCapacity / 2) + 100).Select(i =>
                _store.AddConnectionRefusalAsync(RejectReason.MalformedPacket, $"#{i}", null, null)));
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        _store.Newest(10, RejectReason.BadJson).ShouldHaveSingleItem();
        _store.Newest(int.MaxValue, RejectReason.MalformedPacket).Count.ShouldBe(DeadLetterStore.ConnectionCapacity);
    }

    [Fact]
    public async Task Open_AStoreWrittenBeforeRefusedConnectionsWereKeptApart_KeepsItsLettersAndCounts()
    {
        await _store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(Path.Combine(_folder, "deadletters.db"));
        using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_folder, "deadletters.db")};Pooling=False"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE dead_letters (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, reason TEXT NOT NULL, detail TEXT NOT NULL,
                    topic TEXT NOT NULL, client_id TEXT, device_id TEXT, payload_bytes INTEGER NOT NULL, excerpt TEXT NOT NULL);
                CREATE TABLE reject_counts (reason TEXT PRIMARY KEY, count INTEGER NOT NULL);
                INSERT INTO dead_letters (at, reason, detail, topic, client_id, device_id, payload_bytes, excerpt)
                    VALUES ('2026-11-20T03:00:00.0000000+00:00', 'BadJson', 'from before', 't', null, 'EL-1', 1, 'x');
                INSERT INTO reject_counts VALUES ('BadJson', 7);
                """;
            create.ExecuteNonQuery();
        }

        _store = Open();
        await _store.AddConnectionRefusalAsync(RejectReason.ConnectTimeout, "after the upgrade", null, null);

        _store.Newest(10, RejectReason.BadJson).ShouldHaveSingleItem().Detail.ShouldBe("from before");
        _store.CountsByReason()[RejectReason.BadJson].ShouldBe(7);
        _store.Newest(10, RejectReason.ConnectTimeout).ShouldHaveSingleItem();
    }
}
