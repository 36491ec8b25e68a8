using CommandCenter.Testing;
using CommandCenter.TelemetryIngest.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace CommandCenter.Tests.Storage;

/// <summary>The registered <see cref="ITimeSeriesStore"/>: adapter chosen on first use by configuration or detection.</summary>
public sealed class InfluxStoreSelectorTests
{
    private const string Bucket = "telemetry";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static ServiceProvider Services(params (string Key, string? Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create($"{InfluxOptions.Section}:{s.Key}", s.Value)))
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging();
        services.AddOptions<InfluxOptions>().BindConfiguration(InfluxOptions.Section).ValidateDataAnnotations();
        services.AddInfluxTimeSeriesStore();
        return services.BuildServiceProvider();
    }

    private static ServiceProvider V2Services(string url) => Services(
        ("Url", url), ("Token", FakeInfluxV2Server.Token), ("Org", FakeInfluxV2Server.Org), ("Bucket", Bucket));

    [Fact]
    public async Task Store_ServerDownAtFirstUse_ReportsDownThenPicksTheAdapterOnceItAnswers()
    {
        var port = FreePorts.Next();
        await using var services = V2Services($"http://127.0.0.1:{port}");
        var store = services.GetRequiredService<ITimeSeriesStore>();

        (await store.PingAsync(Ct)).ShouldBeFalse();
        var error = await Should.ThrowAsync<HttpRequestException>(() => store.EnsureReadyAsync(Ct));
        error.Message.ShouldContain("detect its API version");

        await using var server = await FakeInfluxV2Server.StartAsync(port);
        await store.EnsureReadyAsync(Ct);
        await store.WriteAsync(["m f=1i 1"], Ct);

        server.Buckets.ShouldBe([Bucket]);
        server.Writes.ShouldHaveSingleItem().Lines.ShouldBe(["m f=1i 1"]);
    }

    [Fact]
    public async Task Store_ConcurrentFirstUse_DetectsOnce()
    {
        await using var server = await FakeInfluxV2Server.StartAsync();
        server.AddBucket(Bucket);
        await using var services = V2Services(server.Url);
        var store = services.GetRequiredService<ITimeSeriesStore>();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => store.WriteAsync([$"m f={i}i 1"], Ct)));

        server.Requests.Count(r => r == "GET /ping").ShouldBe(1);
        server.Writes.Count.ShouldBe(4);
    }

    [Fact]
    public async Task Store_AutoAgainstRealInfluxDb1_WritesAndReadsThroughTheV1Api()
    {
        await using var influx = await InfluxServer.StartAsync();
        await using var services = Services(("Url", influx.Url), ("Database", "selector"));
        var store = services.GetRequiredService<ITimeSeriesStore>();
        var now = DateTimeOffset.UtcNow;

        await store.EnsureReadyAsync(Ct);
        // No timestamp: the server stamps the point, so the test does not depend on the writer's precision.
        await store.WriteAsync(["elevator_status,device_id=EL-SEL floor=6i,seq=1i"], Ct);
        var history = await store.ReadElevatorHistoryAsync("EL-SEL", now.AddMinutes(-1), now.AddMinutes(1), Ct);

        var point = history.ShouldHaveSingleItem();
        (point.Floor, point.Seq).ShouldBe((6, 1L));
    }
}
