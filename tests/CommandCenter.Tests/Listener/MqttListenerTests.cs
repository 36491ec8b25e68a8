using System.Net;
using System.Net.Sockets;
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
        var clients = new List<MqttTestClient>();
        foreach (var id in ids)
        {
            clients.Add(await MqttTestClient.ConnectAsync(_host.MqttPort, id));
        }

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
        (await CountAsync("PacketTooLarge")).ShouldBeGreaterThan(0);
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

        // Refused by the TLS handshake at once, not left waiting until the client gives up.
        failure.ShouldNotBeOfType<MqttConnectionRefusedException>();
        failure.ShouldNotBeOfType<MQTTnet.Exceptions.MqttCommunicationTimedOutException>();
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

        // Another device's CONNECT makes the broker read the changed registry (within seconds); the revoked
        // device's live session is then closed with its reason, without it having to publish.
        var bystander = TestDevices.NextElevator();
        await Eventually.TrueAsync(
            async () =>
            {
                await using (await MqttTestClient.ConnectAsync(_host.MqttPort, bystander))
                {
                }

                // The client drops its connection a moment before its Disconnected event brings the reason.
                return live.Disconnect is not null;
            },
            Deadline,
            "the revoked device's session to be closed");
        live.Disconnect.ShouldNotBeNull().Reason.ShouldBe(MqttClientDisconnectReason.NotAuthorized);
        live.Disconnect.ReasonString.ShouldBe("device revoked");
        var refused = await Should.ThrowAsync<MqttConnectionRefusedException>(() => MqttTestClient.ConnectAsync(_host.MqttPort, revoked));
        refused.Code.ShouldBe(MqttClientConnectResultCode.BadUserNameOrPassword);
        await Should.ThrowAsync<MqttConnectionRefusedException>(() => MqttTestClient.ConnectAsync(_host.MqttPort, rotated));
        await using var withNewSecret = await MqttTestClient.ConnectAsync(_host.MqttPort, rotated, rotated, "a-new-secret");
        (await withNewSecret.PublishAsync(Topics.ElevatorStatus(rotated), StatusJson.For(rotated, 1, 3))).IsSuccess.ShouldBeTrue();
    }

    [Fact]
    public async Task Reconnect_DevicesConnectingAgainAtOnceAfterDisconnecting_KeepTheirNewConnections()
    {
        // A device that connects per report disconnects and connects again at once; the broker must not
        // let the end of the old session close the new one. Several devices at a time make it likelier
        // that the old session ends while the new one is being set up.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ReportRepeatedlyAsync(TestDevices.NextElevator(), reports: 25)));

        async Task ReportRepeatedlyAsync(string id, int reports)
        {
            for (var report = 1; report <= reports; report++)
            {
                await using var device = await MqttTestClient.ConnectAsync(_host.MqttPort, id);
                var published = await device.PublishAsync(Topics.ElevatorStatus(id), StatusJson.For(id, 1, report));
                published.IsSuccess.ShouldBeTrue($"{id}, report {report}: {published.ReasonCode} {published.ReasonString}");
            }
        }
    }

    [Fact]
    public async Task PendingConnections_OverThePerAddressCap_AreRefusedAndTheirSlotsComeBack()
    {
        var source = IPAddress.Parse("127.4.0.1");
        var refusedBefore = await CountAsync("ConnectionLimit");
        var droppedBefore = await CountAsync("ConnectTimeout");

        var first = await OpenAsync(source, ListenerHostFixture.MaxPendingPerAddress);
        using var overTheCap = (await OpenAsync(source, 1)).Single();

        // The one over the cap is closed at once; the others, which never CONNECT, at the deadline.
        (await ClosedByServerAsync(overTheCap)).ShouldBeTrue();
        (await CountAsync("ConnectionLimit")).ShouldBe(refusedBefore + 1);
        foreach (var socket in first)
        {
            (await ClosedByServerAsync(socket)).ShouldBeTrue();
            socket.Dispose();
        }

        // Their slots are free again: a second batch is admitted (and dropped at the deadline in turn), none refused.
        var second = await OpenAsync(source, ListenerHostFixture.MaxPendingPerAddress);
        await Eventually.TrueAsync(
            async () => await CountAsync("ConnectTimeout") >= droppedBefore + (2 * ListenerHostFixture.MaxPendingPerAddress),
            Deadline,
            "both batches to be dropped at the CONNECT deadline");
        (await CountAsync("ConnectionLimit")).ShouldBe(refusedBefore + 1);
        second.ForEach(socket => socket.Dispose());
    }

    [Fact]
    public async Task SignedInDevices_PastTheConnectDeadline_StayConnectedOnBothPorts()
    {
        var plainId = TestDevices.NextElevator();
        var tlsId = TestDevices.NextElevator();
        using var ca = CertificateTrust.LoadCa(fixture.CaFile);
        await using var plain = await MqttTestClient.ConnectAsync(_host.MqttPort, plainId);
        await using var tls = await MqttTestClient.ConnectAsync(
            fixture.TlsPort, tlsId, tlsId, TestDevices.SecretFor(tlsId), new MqttTestConnection(TrustedCa: ca, Host: "localhost"));

        // Waiting out the deadline is the point: a connection that signed in must not be dropped by it.
        await Task.Delay(ListenerHostFixture.ConnectTimeout * 2, Cancel);

        (await plain.PublishAsync(Topics.ElevatorStatus(plainId), StatusJson.For(plainId, 1, 2))).IsSuccess.ShouldBeTrue();
        (await tls.PublishAsync(Topics.ElevatorStatus(tlsId), StatusJson.For(tlsId, 1, 2))).IsSuccess.ShouldBeTrue();
    }

    private async Task<List<Socket>> OpenAsync(IPAddress source, int count)
    {
        var sockets = new List<Socket>();
        for (var i = 0; i < count; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _host.MqttPort), Cancel);
            sockets.Add(socket);
        }

        return sockets;
    }

    /// <summary>True once the server closed the connection (a read returns 0), within the deadline.</summary>
    private async Task<bool> ClosedByServerAsync(Socket socket)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(Deadline);
        try
        {
            return await socket.ReceiveAsync(new byte[16], SocketFlags.None, timeout.Token) == 0;
        }
        catch (SocketException)
        {
            return true;
        }
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
