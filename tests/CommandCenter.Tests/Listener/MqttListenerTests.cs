using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using MQTTnet;
using Shouldly;

namespace CommandCenter.Tests.Listener;

/// <summary>
/// The MQTT port under attack, over TLS, and with devices revoked or given new secrets while the
/// command center runs: real host, real sockets, real clients.
/// </summary>
public sealed class MqttListenerTests(ListenerHostFixture fixture) : IClassFixture<ListenerHostFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly CommandCenterProcess _host = fixture.Host;

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Flood_FromOtherAddresses_DoesNotDisturbValidDevicesOrTheWebTier()
    {
        const int devices = 10;
        const int perDevice = 30;
        var ids = Enumerable.Range(0, devices).Select(_ => TestDevices.NextElevator()).ToArray();
        var acceptedBefore = await AcceptedAsync();
        var clients = await Task.WhenAll(ids.Select(id => MqttTestClient.ConnectAsync(_host.MqttPort, id)));
        var firstTs = DateTimeOffset.UtcNow.AddMinutes(-1);

        var publishing = Task.WhenAll(clients.Select((client, d) => PublishAllAsync(client, ids[d], perDevice, firstTs)));
        await using (var flood = await MqttFlood.StartAsync(_host.MqttPort, new FloodPlan(), Cancel))
        {
            (await _host.Http.GetAsync("/health", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await _host.Http.GetAsync("/api/city", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await publishing).SelectMany(acks => acks).Where(ack => !ack.IsSuccess)
                .Select(ack => $"{ack.ReasonCode} {ack.ReasonString}").ShouldBeEmpty();

            // Slow senders never finish their CONNECT: the deadline drops them.
            await Eventually.TrueAsync(async () => await CountAsync("ConnectTimeout") > 0, Deadline, "slow senders to be dropped at the CONNECT deadline");
        }

        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        (await AcceptedAsync()).ShouldBe(acceptedBefore + (devices * perDevice));
        var rows = await Eventually.ValueAsync(
            async () => await fixture.Influx.QueryAsync("commandcenter", $"SELECT seq, device_id FROM elevator_status WHERE device_id =~ /^({string.Join('|', ids)})$/")
                is { Count: >= devices * perDevice } found ? found : null,
            Deadline,
            "every valid status in InfluxDB");
        rows.Count.ShouldBe(devices * perDevice);
        (await CountAsync("PacketTooLarge") + await CountAsync("ConnectionLimit")).ShouldBeGreaterThan(0);
        (await CountAsync("MalformedPacket")).ShouldBeGreaterThan(0);
        _host.ErrorLines.ShouldBeEmpty();
    }

    [Fact]
    public async Task Tls_WithTheDemoCa_ConnectsAndPublishes()
    {
        var id = TestDevices.NextElevator();
        using var ca = CertificateTrust.LoadCa(fixture.CaFile);
        await using var device = await MqttTestClient.ConnectAsync(
            fixture.TlsPort, id, id, TestDevices.SecretFor(id), new MqttTestConnection(TrustedCa: ca, Host: "localhost"));

        var ack = await device.PublishAsync(Topics.ElevatorStatus(id), StatusJson.For(id, 1, 12));

        ack.IsSuccess.ShouldBeTrue(ack.ReasonString);
        _host.Log.Lines.ShouldContain(line => line.Contains($"Demo certificate authority: devices trust {fixture.CaFile}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tls_MosquittoPubWithCafile_Publishes()
    {
        var id = TestDevices.NextElevator();

        var (exitCode, output) = await CommandLine.RunAsync("mosquitto_pub", "--cafile", fixture.CaFile,
            "-h", "localhost", "-p", fixture.TlsPort.ToString(), "-i", id, "-u", id, "-P", TestDevices.SecretFor(id),
            "-V", "mqttv5", "-q", "1", "-t", Topics.ElevatorStatus(id), "-m", StatusJson.For(id, 1, 14));

        exitCode.ShouldBe(0, output);
        await Eventually.TrueAsync(
            async () => await _host.Http.GetAsync($"/api/elevators/{id}", Cancel) is { IsSuccessStatusCode: true } response
                && (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("status").GetProperty("floor").GetInt32() == 14,
            Deadline,
            "the status sent over TLS to arrive");
    }

    [Fact]
    public async Task Tls_PlainClientOnTheTlsPort_FailsCleanly()
    {
        var id = TestDevices.NextElevator();

        var failure = await Should.ThrowAsync<Exception>(() => MqttTestClient.ConnectAsync(fixture.TlsPort, id));

        failure.ShouldNotBeOfType<MqttConnectionRefusedException>();
        (await _host.Http.GetAsync("/health", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Registry_DeviceRevokedAndAnotherGivenANewSecret_TakeEffectWhileRunning()
    {
        var revoked = TestDevices.NextElevator();
        var rotated = TestDevices.NextElevator();
        await using var live = await MqttTestClient.ConnectAsync(_host.MqttPort, revoked);

        TestDevices.UpdateRegistry(_host.DataFolder, devices => devices
            .Where(d => d.Id != revoked)
            .Select(d => d.Id == rotated ? DeviceSecrets.Register(rotated, DeviceKind.Elevator, "a-new-secret") : d));

        // The live session of the revoked device is closed once the change is read (within seconds).
        await Eventually.TrueAsync(
            async () =>
            {
                if (live.IsConnected)
                {
                    await live.PublishAsync(Topics.ElevatorStatus(revoked), StatusJson.For(revoked, 1, 2)).ContinueWith(_ => { }, TaskScheduler.Default);
                }

                return !live.IsConnected;
            },
            Deadline,
            "the revoked device's session to be closed");
        var refused = await Should.ThrowAsync<MqttConnectionRefusedException>(() => MqttTestClient.ConnectAsync(_host.MqttPort, revoked));
        refused.Code.ShouldBe(MqttClientConnectResultCode.BadUserNameOrPassword);
        await Should.ThrowAsync<MqttConnectionRefusedException>(() => MqttTestClient.ConnectAsync(_host.MqttPort, rotated));
        await using var withNewSecret = await MqttTestClient.ConnectAsync(_host.MqttPort, rotated, rotated, "a-new-secret");
        (await withNewSecret.PublishAsync(Topics.ElevatorStatus(rotated), StatusJson.For(rotated, 1, 3))).IsSuccess.ShouldBeTrue();
    }

    /// <summary>Publishes at about 20 messages a second, so the valid traffic runs through the whole flood.</summary>
    private static async Task<List<MqttClientPublishResult>> PublishAllAsync(MqttTestClient client, string id, int count, DateTimeOffset firstTs)
    {
        var acks = new List<MqttClientPublishResult>();
        for (var seq = 1; seq <= count; seq++)
        {
            await Task.Delay(50);
            acks.Add(await client.PublishAsync(Topics.ElevatorStatus(id), StatusJson.For(id, seq, seq % 20, firstTs.AddSeconds(seq))));
        }

        return acks;
    }

    private async Task<long> AcceptedAsync() =>
        (await _host.Http.GetFromJsonAsync<JsonElement>("/api/ingest/stats", Cancel)).GetProperty("accepted").GetInt64();

    private async Task<long> CountAsync(string reason) =>
        (await _host.Http.GetFromJsonAsync<JsonElement>("/api/deadletters?limit=1", Cancel)).GetProperty("countsByReason") is var counts
            && counts.TryGetProperty(reason, out var count) ? count.GetInt64() : 0;
}
