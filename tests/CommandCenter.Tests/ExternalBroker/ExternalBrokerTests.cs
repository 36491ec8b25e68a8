using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using MQTTnet;
using Shouldly;

namespace CommandCenter.Tests.ExternalBroker;

/// <summary>
/// The command center in external-broker mode against Debian's Mosquitto: devices publish to
/// Mosquitto, ingest receives through an MQTT 5 shared subscription.
/// </summary>
public sealed class ExternalBrokerTests(InfluxFixture fixture) : IClassFixture<InfluxFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task StatusPublishedToMosquitto_AppearsInElevatorApi()
    {
        await using var broker = await MosquittoServer.StartAsync();
        await using var host = await StartHostAsync(broker);
        var id = NewDeviceId();
        await using var device = await MqttTestClient.ConnectAsync(broker.Port, id);

        var ack = await device.PublishAsync(Topics.ElevatorStatus(id), StatusJson.For(id, seq: 1, floor: 23));

        // Success rather than NoMatchingSubscribers: the host's shared subscription is in place.
        ack.ReasonCode.ShouldBe(MqttClientPublishReasonCode.Success, ack.ReasonString);
        await WaitForFloorAsync(host, id, 23);
        var health = await WaitForBrokerHealthAsync(host, "Healthy");
        health.ShouldStartWith($"subscribed to $share/cc-ingest/{Topics.All} on mqtt://{broker.Host}:{broker.Port}");
        host.Log.Lines.ShouldContain(line => line.Contains(
            $"Ingest subscribed to $share/cc-ingest/{Topics.All} on mqtt://{broker.Host}:{broker.Port} as cc-ingest-", StringComparison.Ordinal));
        host.ErrorLines.ShouldBeEmpty();
    }

    [Fact]
    public async Task TwoHostsInOneSharedGroup_SplitTheStreamAndStoreEveryMessageOnce()
    {
        const int devices = 20;
        const int perDevice = 10;
        const int published = devices * perDevice;
        await using var broker = await MosquittoServer.StartAsync();
        await using var first = await StartHostAsync(broker);
        await using var second = await StartHostAsync(broker);
        var ids = Enumerable.Range(0, devices).Select(_ => NewDeviceId()).ToArray();
        var firstTs = DateTimeOffset.UtcNow.AddMinutes(-1);

        await Task.WhenAll(ids.Select(async id =>
        {
            await using var device = await MqttTestClient.ConnectAsync(broker.Port, id);
            for (var seq = 1; seq <= perDevice; seq++)
            {
                var ack = await device.PublishAsync(Topics.ElevatorStatus(id), StatusJson.For(id, seq, floor: seq, firstTs.AddSeconds(seq)));
                ack.ReasonCode.ShouldBe(MqttClientPublishReasonCode.Success, ack.ReasonString);
            }
        }));

        var accepted = await Eventually.ValueAsync(
            async () => new[] { await AcceptedAsync(first), await AcceptedAsync(second) } is var counts && counts.Sum() >= published ? counts : null,
            Deadline,
            $"both hosts together to accept {published} messages");
        accepted.Sum().ShouldBe(published, "each message goes to exactly one member of the shared group");
        accepted.ShouldAllBe(count => count > 0, $"both hosts get a share; accepted: {string.Join(", ", accepted)}");

        var rows = await Eventually.ValueAsync(
            async () => await fixture.Influx.QueryAsync(
                "commandcenter", $"SELECT seq, device_id FROM elevator_status WHERE device_id =~ /^({string.Join('|', ids)})$/") is { Count: >= published } r ? r : null,
            Deadline,
            $"{published} points in InfluxDB");
        rows.Count.ShouldBe(published);
        var seqsByDevice = rows.GroupBy(row => row["device_id"].GetString()!).ToDictionary(g => g.Key, g => g.Select(row => row["seq"].GetInt64()).Order().ToArray());
        seqsByDevice.Keys.ShouldBe(ids, ignoreOrder: true);
        seqsByDevice.Values.ShouldAllBe(seqs => seqs.SequenceEqual(Enumerable.Range(1, perDevice).Select(n => (long)n)));
        first.ErrorLines.ShouldBeEmpty();
        second.ErrorLines.ShouldBeEmpty();
    }

    [Fact]
    public async Task MosquittoRestarted_BrokerHealthUnhealthyWhileDownThenReconnectsAndReceives()
    {
        await using var broker = await MosquittoServer.StartAsync();
        await using var host = await StartHostAsync(broker);
        var id = NewDeviceId();
        await PublishStatusAsync(broker, id, seq: 1, floor: 4);
        await WaitForFloorAsync(host, id, 4);

        await broker.KillAsync();

        var down = await WaitForBrokerHealthAsync(host, "Unhealthy");
        down.ShouldStartWith($"not connected to mqtt://{broker.Host}:{broker.Port}");

        await broker.StartAgainAsync();

        var up = await WaitForBrokerHealthAsync(host, "Healthy");
        up.ShouldStartWith($"subscribed to $share/cc-ingest/{Topics.All} on mqtt://{broker.Host}:{broker.Port}");
        await PublishStatusAsync(broker, id, seq: 2, floor: 9);
        await WaitForFloorAsync(host, id, 9);
        host.Log.Lines.Count(line => line.Contains("lost its connection to the MQTT broker", StringComparison.Ordinal)).ShouldBe(1);
        host.Log.Lines.ShouldContain(line => line.Contains($"Ingest reconnected to mqtt://{broker.Host}:{broker.Port}", StringComparison.Ordinal));
        host.ErrorLines.ShouldBeEmpty();
    }

    [Fact]
    public async Task RecordsNamingTheWrongDevice_AreRefusedByIngestEvenWithAPermissiveBrokerAcl()
    {
        // Mosquitto here lets anyone publish anywhere: ingest itself must refuse what the registry forbids.
        await using var broker = await MosquittoServer.StartAsync();
        await using var host = await StartHostAsync(broker);
        var elevator = NewDeviceId();
        await using var sensor = await MqttTestClient.ConnectAsync(broker.Port, TestDevices.Berth);
        WeeklyInvestigationRecord Weekly(string deviceId) =>
            new(1, deviceId, 7, DateTimeOffset.UtcNow, elevator, 2026, 49, "李检查", []);
        string Json(WeeklyInvestigationRecord record) => JsonSerializer.Serialize(record, ProtocolJson.Default.WeeklyInvestigationRecord);

        await sensor.PublishAsync(Topics.For(MessageKind.WeeklyInvestigation, TestDevices.Berth), Json(Weekly(TestDevices.Berth)));
        await sensor.PublishAsync(Topics.For(MessageKind.WeeklyInvestigation, "APP-GHOST"), Json(Weekly("APP-GHOST")));

        var letters = await Eventually.ValueAsync(
            async () => (await host.Http.GetFromJsonAsync<JsonElement>("/api/deadletters?reason=NotAuthorized&limit=10")).GetProperty("items")
                .EnumerateArray().Select(l => l.GetProperty("detail").GetString()!).ToList() is { Count: 2 } found ? found : null,
            Deadline,
            "both records to be dead-lettered as NotAuthorized");
        letters.ShouldContain($"device '{TestDevices.Berth}' is registered as berth and may not publish WeeklyInvestigation messages");
        letters.ShouldContain("device 'APP-GHOST' is not registered");
        (await AcceptedAsync(host)).ShouldBe(0);
    }

    private static string NewDeviceId() => TestDevices.NextElevator();

    private Task<CommandCenterProcess> StartHostAsync(MosquittoServer broker) =>
        CommandCenterProcess.StartAsync(
            fixture.Influx.Url,
            "--Mqtt:Mode=External",
            $"--Mqtt:ExternalHost={broker.Host}",
            $"--Mqtt:ExternalPort={broker.Port}");

    private static async Task PublishStatusAsync(MosquittoServer broker, string id, long seq, int floor)
    {
        await using var device = await MqttTestClient.ConnectAsync(broker.Port, id);
        var ack = await device.PublishAsync(Topics.ElevatorStatus(id), StatusJson.For(id, seq, floor));
        ack.ReasonCode.ShouldBe(MqttClientPublishReasonCode.Success, ack.ReasonString);
    }

    private static Task WaitForFloorAsync(CommandCenterProcess host, string id, int floor) =>
        Eventually.TrueAsync(
            async () => await host.Http.GetAsync($"/api/elevators/{id}") is { IsSuccessStatusCode: true } response
                && (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetProperty("floor").GetInt32() == floor,
            Deadline,
            $"elevator {id} to report floor {floor} at /api/elevators/{id}");

    private static async Task<long> AcceptedAsync(CommandCenterProcess host) =>
        (await host.Http.GetFromJsonAsync<JsonElement>("/api/ingest/stats")).GetProperty("accepted").GetInt64();

    /// <summary>The detail of the "broker" part of <c>/health</c> once that part has the given status.</summary>
    private static Task<string> WaitForBrokerHealthAsync(CommandCenterProcess host, string status) =>
        Eventually.ValueAsync(
            async () =>
            {
                var body = await (await host.Http.GetAsync("/health")).Content.ReadFromJsonAsync<JsonElement>();
                var broker = body.GetProperty("parts").GetProperty("broker");
                return broker.GetProperty("status").GetString() == status ? broker.GetProperty("detail").GetString() : null;
            },
            Deadline,
            $"/health to report the broker {status}");
}
