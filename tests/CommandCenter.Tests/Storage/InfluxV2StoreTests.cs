using System.Net;
using CommandCenter.Testing;
using CommandCenter.TelemetryIngest.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Shouldly;

namespace CommandCenter.Tests.Storage;

/// <summary>The 2.x adapter against a local endpoint that checks the documented v2 request shape.</summary>
public sealed class InfluxV2StoreTests
{
    private const string Bucket = "telemetry";
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static InfluxV2Store Store(string url, string token = FakeInfluxV2Server.Token, bool gzip = true) =>
        new(Options.Create(new InfluxOptions
        {
            Url = url,
            Version = InfluxApiVersion.V2,
            Token = token,
            Org = FakeInfluxV2Server.Org,
            Bucket = Bucket,
            Gzip = gzip,
        }), NullLogger<InfluxV2Store>.Instance);

    private static async Task<FakeInfluxV2Server> ServerWithBucketAsync()
    {
        var server = await FakeInfluxV2Server.StartAsync();
        server.AddBucket(Bucket);
        return server;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task WriteAsync_Lines_ArriveExactlyWithNanosecondPrecision(bool gzip)
    {
        await using var server = await ServerWithBucketAsync();
        using var store = Store(server.Url, gzip: gzip);
        string[] lines =
        [
            "elevator_status,device_id=EL-1 floor=3i,seq=1i 1795593600000000001",
            "elevator_status,device_id=EL-2 floor=-1i,seq=7i,running=true 1795593600123456789",
        ];

        await store.WriteAsync(lines, Ct);

        var write = server.Writes.ShouldHaveSingleItem();
        write.Lines.ShouldBe(lines);
        write.Bucket.ShouldBe(Bucket);
        write.Gzipped.ShouldBe(gzip);
        server.Requests.ShouldContain($"POST /api/v2/write?org={FakeInfluxV2Server.Org}&bucket={Bucket}&precision=ns");
    }

    [Fact]
    public async Task WriteAsync_WrongToken_ThrowsHttpRequestExceptionWithTheServerMessage()
    {
        await using var server = await ServerWithBucketAsync();
        using var store = Store(server.Url, token: "stolen");

        var error = await Should.ThrowAsync<HttpRequestException>(() => store.WriteAsync(["m f=1i 1"], Ct));

        error.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        error.Message.ShouldContain("write of 1 points");
        error.Message.ShouldContain("unauthorized access");
        server.Writes.ShouldBeEmpty();
    }

    [Fact]
    public async Task WriteAsync_ServerUnreachable_ThrowsHttpRequestExceptionSoTheWriterRetries()
    {
        using var store = Store($"http://127.0.0.1:{FreePorts.Next()}");

        var error = await Should.ThrowAsync<HttpRequestException>(() => store.WriteAsync(["m f=1i 1"], Ct));

        error.Message.ShouldContain("could not be reached for the write of 1 points");
    }

    [Fact]
    public async Task PingAsync_ServerUpOrDown_ReportsIt()
    {
        var downUrl = $"http://127.0.0.1:{FreePorts.Next()}";
        await using var server = await FakeInfluxV2Server.StartAsync();
        using var up = Store(server.Url);
        using var down = Store(downUrl);

        (await up.PingAsync(Ct)).ShouldBeTrue();
        (await down.PingAsync(Ct)).ShouldBeFalse();
    }

    [Fact]
    public async Task EnsureReadyAsync_BucketExists_CreatesNothing()
    {
        await using var server = await ServerWithBucketAsync();
        using var store = Store(server.Url);

        await store.EnsureReadyAsync(Ct);

        server.Requests.ShouldBe([$"GET /api/v2/buckets?org={FakeInfluxV2Server.Org}&name={Bucket}"]);
    }

    [Fact]
    public async Task EnsureReadyAsync_BucketMissing_CreatesItInTheOrganization()
    {
        await using var server = await FakeInfluxV2Server.StartAsync();
        using var store = Store(server.Url);

        await store.EnsureReadyAsync(Ct);
        await store.WriteAsync(["m f=1i 1"], Ct);

        server.Buckets.ShouldBe([Bucket]);
        server.Requests.ShouldContain("POST /api/v2/buckets");
        server.Writes.ShouldHaveSingleItem().Bucket.ShouldBe(Bucket);
    }

    [Fact]
    public async Task EnsureReadyAsync_BucketMissingAndTokenMayNotCreate_CarriesOnAndTheWriteNamesTheBucket()
    {
        await using var server = await FakeInfluxV2Server.StartAsync();
        server.TokenMayCreateBuckets = false;
        using var store = Store(server.Url);

        await store.EnsureReadyAsync(Ct);
        var error = await Should.ThrowAsync<HttpRequestException>(() => store.WriteAsync(["m f=1i 1"], Ct));

        server.Buckets.ShouldBeEmpty();
        error.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        error.Message.ShouldContain($"bucket \"{Bucket}\" not found");
    }

    [Fact]
    public async Task EnsureReadyAsync_WrongToken_ThrowsHttpRequestExceptionWithTheServerMessage()
    {
        await using var server = await ServerWithBucketAsync();
        using var store = Store(server.Url, token: "stolen");

        var error = await Should.ThrowAsync<HttpRequestException>(() => store.EnsureReadyAsync(Ct));

        error.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        error.Message.ShouldContain($"lookup of bucket '{Bucket}'");
        error.Message.ShouldContain("unauthorized access");
    }

    [Fact]
    public async Task ReadElevatorHistoryAsync_PointsInRange_ReturnsThemOldestFirst()
    {
        await using var server = await ServerWithBucketAsync();
        server.Points.AddRange(
        [
            new("EL-7", "2026-11-25T08:00:02Z", 5, 3),
            new("EL-7", "2026-11-25T08:00:00.123456789Z", 3, 1),
            new("EL-8", "2026-11-25T08:00:01Z", 9, 1),
            new("EL-7", "2026-11-25T08:00:01Z", 4, 2),
            new("EL-7", "2026-11-25T07:00:00Z", 1, 0),
        ]);
        using var store = Store(server.Url);

        var history = await store.ReadElevatorHistoryAsync("EL-7", T0, T0.AddSeconds(2), Ct);

        history.ShouldBe(
        [
            new ElevatorHistoryPoint(T0.AddTicks(1_234_567), 3, 1),
            new ElevatorHistoryPoint(T0.AddSeconds(1), 4, 2),
            new ElevatorHistoryPoint(T0.AddSeconds(2), 5, 3),
        ]);
        var flux = server.FluxQueries.ShouldHaveSingleItem();
        flux.ShouldContain($"from(bucket: \"{Bucket}\")");
        flux.ShouldContain("range(start: 2026-11-25T08:00:00.0000000Z, stop: 2026-11-25T08:00:02.0000001Z)");
        flux.ShouldContain("\"EL-7\"");
    }

    [Fact]
    public async Task ReadElevatorHistoryAsync_NoPoints_ReturnsEmpty()
    {
        await using var server = await ServerWithBucketAsync();
        using var store = Store(server.Url);

        (await store.ReadElevatorHistoryAsync("EL-7", T0, T0.AddMinutes(1), Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ReadElevatorHistoryAsync_InjectionInDeviceId_ThrowsBeforeAskingTheServer()
    {
        await using var server = await ServerWithBucketAsync();
        using var store = Store(server.Url);

        await Should.ThrowAsync<ArgumentException>(
            () => store.ReadElevatorHistoryAsync("EL-7\" or true) |> drop(columns: [\"x", T0, T0.AddMinutes(1), Ct));

        server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public void Constructor_DetectedV2WithoutTokenOrOrg_ThrowsNamingTheSettings()
    {
        var options = Options.Create(new InfluxOptions { Version = InfluxApiVersion.Auto });

        var error = Should.Throw<InvalidOperationException>(() => new InfluxV2Store(options, NullLogger<InfluxV2Store>.Instance));

        error.Message.ShouldContain("Influx:Token");
        error.Message.ShouldContain("Influx:Org");
    }
}
