using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using CommandCenter.Tests.Consoles;
using Shouldly;

namespace CommandCenter.Tests.Ops;

/// <summary>The operations figures of the real process (<c>GET /api/ops</c>), after real MQTT traffic.</summary>
[Collection(ConsoleHostCollection.Name)]
public sealed class OpsEndpointTests(ConsoleHostFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private readonly CommandCenterProcess _host = fixture.Host;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ops_BadPayloadOverMqtt_ShowsItAsTheNewestDeadLetterWithDeviceReasonAndExcerpt()
    {
        var elevator = TestCity.Demo.Elevators.First(e => !e.Escalator).Id;
        var marker = $"ops-{Guid.NewGuid():N}";
        await using var device = await MqttTestClient.ConnectAsync(_host.MqttPort, elevator);

        var refused = await device.PublishAsync(Topics.ElevatorStatus(elevator), $$"""{"marker":"{{marker}}", """);

        refused.IsSuccess.ShouldBeFalse();
        var letter = default(JsonElement);
        await Eventually.TrueAsync(
            async () => (await OpsAsync()).GetProperty("newestDeadLetters").EnumerateArray()
                .Any(l => l.GetProperty("payloadExcerpt").GetString()!.Contains(marker, StringComparison.Ordinal) && (letter = l).ValueKind == JsonValueKind.Object),
            Deadline,
            "the bad payload among the newest dead letters of /api/ops");
        letter.GetProperty("deviceId").GetString().ShouldBe(elevator);
        letter.GetProperty("reason").GetString().ShouldBe("BadJson");
        letter.GetProperty("topic").GetString().ShouldBe(Topics.ElevatorStatus(elevator));
    }

    [Fact]
    public async Task Ops_RunningHost_ShowsItsSiloWithLoadTheBrokerWithThisConnectionAndTheDataFolder()
    {
        var elevator = TestCity.Demo.Elevators.Last(e => !e.Escalator).Id;
        await using var device = await MqttTestClient.ConnectAsync(_host.MqttPort, elevator);

        var ops = default(JsonElement);
        await Eventually.TrueAsync(
            async () => (ops = await OpsAsync()).GetProperty("broker").GetProperty("openConnections").GetInt32() >= 1,
            Deadline,
            "an open MQTT connection on /api/ops");

        var silo = ops.GetProperty("silos").EnumerateArray().ShouldHaveSingleItem();
        silo.GetProperty("status").GetString().ShouldBe("Active");
        silo.GetProperty("isThisSilo").GetBoolean().ShouldBeTrue();
        silo.GetProperty("load").GetProperty("activations").GetInt32().ShouldBeGreaterThan(0);
        var broker = ops.GetProperty("broker");
        broker.GetProperty("mode").GetString().ShouldBe("Embedded");
        broker.GetProperty("running").GetBoolean().ShouldBeTrue();
        var stores = ops.GetProperty("disk").GetProperty("stores").EnumerateArray().Select(s => s.GetProperty("store").GetString()).ToList();
        stores.ShouldContain("Grains");
        stores.ShouldContain("DeadLetters");
        stores.ShouldContain("Spool");
        ops.GetProperty("unavailable").GetArrayLength().ShouldBe(0);
    }

    private async Task<JsonElement> OpsAsync() => await _host.Http.GetFromJsonAsync<JsonElement>("/api/ops", Cancel);
}
