using CommandCenter.Testing;
using CommandCenter.TelemetryIngest.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Shouldly;

namespace CommandCenter.Tests.Storage;

public sealed class InfluxVersionDetectorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<InfluxApiVersion> DetectAsync(string url, InfluxApiVersion configured = InfluxApiVersion.Auto)
    {
        using var http = new HttpClient();
        var options = Options.Create(new InfluxOptions { Url = url, Version = configured });
        return await new InfluxVersionDetector(http, options, NullLogger<InfluxVersionDetector>.Instance).DetectAsync(Ct);
    }

    [Theory]
    [InlineData("1.6.7", "OSS", InfluxApiVersion.V1)]
    [InlineData("1.8.10", null, InfluxApiVersion.V1)]
    [InlineData("v2.7.10", "OSS", InfluxApiVersion.V2)]
    [InlineData("2.7.4", "OSS", InfluxApiVersion.V2)]
    [InlineData(null, "Cloud", InfluxApiVersion.V2)]
    public async Task DetectAsync_Auto_PicksTheApiFromThePingHeaders(string? version, string? build, InfluxApiVersion expected)
    {
        await using var server = await FakeInfluxV2Server.StartAsync();
        server.PingVersion = version;
        server.PingBuild = build;

        (await DetectAsync(server.Url)).ShouldBe(expected);
        server.Requests.ShouldBe(["GET /ping"]);
    }

    [Theory]
    [InlineData("v2.7.10", InfluxApiVersion.V1)]
    [InlineData("1.6.7", InfluxApiVersion.V2)]
    public async Task DetectAsync_VersionConfigured_OverridesThePingWithoutAsking(string pingVersion, InfluxApiVersion configured)
    {
        await using var server = await FakeInfluxV2Server.StartAsync();
        server.PingVersion = pingVersion;

        (await DetectAsync(server.Url, configured)).ShouldBe(configured);
        server.Requests.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("3.0.1")]
    [InlineData(null)]
    public async Task DetectAsync_UnknownVersion_ThrowsNamingTheSetting(string? version)
    {
        await using var server = await FakeInfluxV2Server.StartAsync();
        server.PingVersion = version;
        server.PingBuild = null;

        var error = await Should.ThrowAsync<InvalidOperationException>(() => DetectAsync(server.Url));

        error.Message.ShouldContain("Influx:Version");
    }

    [Fact]
    public async Task DetectAsync_ServerUnreachable_ThrowsHttpRequestException()
    {
        var url = $"http://127.0.0.1:{FreePorts.Next()}";

        var error = await Should.ThrowAsync<HttpRequestException>(() => DetectAsync(url));

        error.Message.ShouldContain("detect its API version");
    }

    [Fact]
    public async Task DetectAsync_RealInfluxDb1_PicksV1()
    {
        await using var influx = await InfluxServer.StartAsync();

        (await DetectAsync(influx.Url)).ShouldBe(InfluxApiVersion.V1);
    }
}
