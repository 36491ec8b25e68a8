using System.Collections.Concurrent;
using System.Text;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Shouldly;

namespace CommandCenter.Tests.Cluster;

/// <summary>
/// Debian's Mosquitto configured as <c>run.sh --cluster</c> configures it (<see cref="MosquittoClusterConfig"/>):
/// who may connect where, under which client id, and what reaches ingest. Behind an external broker nothing
/// else stops a device from publishing under another device's id.
/// </summary>
public sealed class BrokerAccessTests(BrokerAccessTests.BrokerFixture fixture) : IClassFixture<BrokerAccessTests.BrokerFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private MosquittoServer Broker => fixture.Broker;

    [Fact]
    public async Task DeviceWithAnotherDevicesClientId_IsConnectedAsItself_CannotPublishAsTheOther_AndDoesNotPushItOff()
    {
        await using var ingest = await IngestSubscriber.ConnectAsync(Broker);
        var victim = TestDevices.NextElevator();
        var forger = TestDevices.NextElevator();
        await using var real = await MqttTestClient.ConnectAsync(Broker.Port, victim);

        // Mosquitto accepts the connection but replaces the client id by the user name: the forger is itself.
        await using var forged = await MqttTestClient.ConnectAsync(Broker.Port, clientId: victim, username: forger, password: TestDevices.SecretFor(forger));
        Broker.LogTail(200).ShouldContain($" as {forger} (", Case.Sensitive, "Mosquitto logs the connection under the user name");

        var refused = await forged.PublishAsync(Topics.ElevatorStatus(victim), StatusJson.For(victim, seq: 1, floor: 13));
        refused.ReasonCode.ShouldBe(MqttClientPublishReasonCode.NotAuthorized, refused.ReasonString);
        var alarm = await forged.PublishAsync(Topics.For(MessageKind.ElevatorEvent, victim), EventJson.Raised(victim, 1, FaultCodes.TrappedPassenger));
        alarm.ReasonCode.ShouldBe(MqttClientPublishReasonCode.NotAuthorized, alarm.ReasonString);

        // Its own topics are open to it, and the device whose id it gave is still connected.
        var own = StatusJson.For(forger, seq: 1, floor: 2);
        (await forged.PublishAsync(Topics.ElevatorStatus(forger), own)).ReasonCode.ShouldBe(MqttClientPublishReasonCode.Success);
        var honest = StatusJson.For(victim, seq: 1, floor: 7);
        (await real.PublishAsync(Topics.ElevatorStatus(victim), honest)).ReasonCode.ShouldBe(MqttClientPublishReasonCode.Success);
        real.IsConnected.ShouldBeTrue();
        real.Disconnect.ShouldBeNull();

        // Ingest gets the two honest reports and nothing of the forged ones (Mosquitto keeps one publisher's order).
        await ingest.WaitForAsync(Topics.ElevatorStatus(victim));
        await ingest.WaitForAsync(Topics.ElevatorStatus(forger));
        ingest.Received.ShouldBe([(Topics.ElevatorStatus(forger), own), (Topics.ElevatorStatus(victim), honest)], ignoreOrder: true);
    }

    [Fact]
    public async Task ForgedPublishOverMqtt311_IsAcknowledgedButDeliveredNowhere()
    {
        await using var ingest = await IngestSubscriber.ConnectAsync(Broker);
        var victim = TestDevices.NextElevator();
        var forger = TestDevices.NextElevator();
        await using var forged = await MqttTestClient.ConnectAsync(
            Broker.Port, victim, forger, TestDevices.SecretFor(forger), new MqttTestConnection(MqttProtocolVersion.V311));

        // MQTT 3.1.1 has no reason code in PUBACK: Mosquitto acknowledges and drops the message.
        (await forged.PublishAsync(Topics.ElevatorStatus(victim), StatusJson.For(victim, seq: 1, floor: 13))).IsSuccess.ShouldBeTrue();
        (await forged.PublishAsync(Topics.ElevatorStatus(forger), StatusJson.For(forger, seq: 1, floor: 3))).IsSuccess.ShouldBeTrue();

        await ingest.WaitForAsync(Topics.ElevatorStatus(forger));
        ingest.Received.Select(m => m.Topic).ShouldBe([Topics.ElevatorStatus(forger)]);
    }

    [Fact]
    public async Task BerthSensor_CannotPublishOnElevatorTopics_OnlyItsOwnStateAndPresence()
    {
        await using var ingest = await IngestSubscriber.ConnectAsync(Broker);
        var elevator = TestDevices.NextElevator();
        await using var berth = await MqttTestClient.ConnectAsync(Broker.Port, TestDevices.Berth);

        foreach (var topic in new[]
                 {
                     Topics.ElevatorStatus(TestDevices.Berth), Topics.ElevatorStatus(elevator), Topics.For(MessageKind.ElevatorEvent, TestDevices.Berth),
                     Topics.For(MessageKind.LotGate, TestDevices.Berth), Topics.For(MessageKind.BerthState, TestDevices.Lot), $"{Topics.For(MessageKind.BerthState, TestDevices.Berth)}/extra",
                 })
        {
            var ack = await berth.PublishAsync(topic, "{}");
            ack.ReasonCode.ShouldBe(MqttClientPublishReasonCode.NotAuthorized, $"{topic}: {ack.ReasonString}");
        }

        var state = Topics.For(MessageKind.BerthState, TestDevices.Berth);
        var presence = Topics.For(MessageKind.Presence, TestDevices.Berth);
        (await berth.PublishAsync(state, "{}")).ReasonCode.ShouldBe(MqttClientPublishReasonCode.Success);
        (await berth.PublishAsync(presence, "{}")).ReasonCode.ShouldBe(MqttClientPublishReasonCode.Success);
        await ingest.WaitForAsync(presence);
        ingest.Received.Select(m => m.Topic).ShouldBe([state, presence]);
    }

    [Fact]
    public async Task EachKind_MayPublishExactlyItsOwnTopics()
    {
        // An app and a lot against every topic family, under their own id: granted exactly what the registry allows.
        await using var ingest = await IngestSubscriber.ConnectAsync(Broker);
        var allowed = new List<string>();
        foreach (var (id, kind) in new[] { (TestDevices.FirstApp, DeviceKind.App), (TestDevices.Lot, DeviceKind.Lot) })
        {
            await using var device = await MqttTestClient.ConnectAsync(Broker.Port, id);
            foreach (var message in Enum.GetValues<MessageKind>().Where(m => m != MessageKind.Unknown))
            {
                var may = DeviceSecrets.MayPublish(kind, message);
                var ack = await device.PublishAsync(Topics.For(message, id), "{}");
                ack.ReasonCode.ShouldBe(may ? MqttClientPublishReasonCode.Success : MqttClientPublishReasonCode.NotAuthorized, $"{kind} {id} publishing {message}");
                if (may)
                {
                    allowed.Add(Topics.For(message, id));
                }
            }
        }

        await ingest.WaitForAsync(allowed[^1]);
        ingest.Received.Select(m => m.Topic).ShouldBe(allowed);
    }

    [Fact]
    public async Task Device_ThatSubscribes_ReceivesNothing()
    {
        var listener = TestDevices.NextElevator();
        var talker = TestDevices.NextElevator();
        using var client = new MqttClientFactory().CreateMqttClient();
        var received = new ConcurrentQueue<string>();
        client.ApplicationMessageReceivedAsync += args =>
        {
            received.Enqueue(args.ApplicationMessage.Topic);
            return Task.CompletedTask;
        };
        await client.ConnectAsync(Options(Broker.Port, listener, listener, TestDevices.SecretFor(listener)), TestContext.Current.CancellationToken);

        // Mosquitto 2.0's ACL file does not check subscriptions, only what is delivered: the SUBACK may grant it.
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(Topics.All, MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter(Topics.ElevatorStatus(talker), MqttQualityOfServiceLevel.AtLeastOnce).Build(), TestContext.Current.CancellationToken);
        await using var ingest = await IngestSubscriber.ConnectAsync(Broker);
        await using (var device = await MqttTestClient.ConnectAsync(Broker.Port, talker))
        {
            (await device.PublishAsync(Topics.ElevatorStatus(talker), StatusJson.For(talker, 1, floor: 4))).ReasonCode.ShouldBe(MqttClientPublishReasonCode.Success);
        }

        // Ingest has it; the subscribed device, on the same broker a moment longer, does not.
        await ingest.WaitForAsync(Topics.ElevatorStatus(talker));
        await Task.Delay(TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);
        received.ShouldBeEmpty();
        await client.DisconnectAsync(cancellationToken: TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task EachListener_AcceptsOnlyItsOwnUsers()
    {
        var device = TestDevices.NextElevator();

        // A device's credentials do not open the ingest listener, nor the ingest user's the device listener.
        var onIngest = await Should.ThrowAsync<MqttConnectionRefusedException>(
            MqttTestClient.ConnectAsync(Broker.IngestPort, device));
        onIngest.Code.ShouldBeOneOf(MqttClientConnectResultCode.NotAuthorized, MqttClientConnectResultCode.BadUserNameOrPassword);
        var onDevices = await Should.ThrowAsync<MqttConnectionRefusedException>(
            MqttTestClient.ConnectAsync(Broker.Port, "cc-ingest-intruder", Broker.IngestUsername, Broker.IngestPassword));
        onDevices.Code.ShouldBeOneOf(MqttClientConnectResultCode.NotAuthorized, MqttClientConnectResultCode.BadUserNameOrPassword);
        (await Should.ThrowAsync<MqttConnectionRefusedException>(MqttTestClient.ConnectAsync(Broker.Port, device, null, null)))
            .Code.ShouldBeOneOf(MqttClientConnectResultCode.NotAuthorized, MqttClientConnectResultCode.BadUserNameOrPassword);
        (await Should.ThrowAsync<MqttConnectionRefusedException>(MqttTestClient.ConnectAsync(Broker.Port, device, device, "wrong")))
            .Code.ShouldBeOneOf(MqttClientConnectResultCode.NotAuthorized, MqttClientConnectResultCode.BadUserNameOrPassword);

        // The ingest user keeps the client id it chose (a survivor takes over a dead silo's session with it) and only reads.
        await using var ingest = await MqttTestClient.ConnectAsync(Broker.IngestPort, "cc-ingest-silo-9", Broker.IngestUsername, Broker.IngestPassword);
        Broker.LogTail(200).ShouldContain(" as cc-ingest-silo-9 (", Case.Sensitive);
        (await ingest.PublishAsync(Topics.ElevatorStatus(device), StatusJson.For(device, 1, floor: 1))).ReasonCode
            .ShouldBe(MqttClientPublishReasonCode.NotAuthorized);
    }

    private static MqttClientOptions Options(int port, string clientId, string? username, string? password) =>
        new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId(clientId)
            .WithCredentials(username, password)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithTimeout(TimeSpan.FromSeconds(15))
            .Build();

    /// <summary>One broker for the class: devices of the test registry, listeners as in run.sh --cluster.</summary>
    public sealed class BrokerFixture : IAsyncLifetime
    {
        private MosquittoServer? _broker;

        public MosquittoServer Broker => _broker ?? throw new InvalidOperationException("The fixture has not started.");

        public async ValueTask InitializeAsync() =>
            _broker = await MosquittoServer.StartForClusterAsync(TestDevices.Credentials(TestDevices.Registry()));

        public async ValueTask DisposeAsync()
        {
            if (_broker is not null)
            {
                await _broker.DisposeAsync();
            }
        }
    }

    /// <summary>What a silo's ingest would get: the ingest user on the ingest listener, in a shared group of its own.</summary>
    private sealed class IngestSubscriber : IAsyncDisposable
    {
        private readonly IMqttClient _client;
        private readonly ConcurrentQueue<(string Topic, string Payload)> _received = new();

        private IngestSubscriber(IMqttClient client) => _client = client;

        public IReadOnlyList<(string Topic, string Payload)> Received => [.. _received];

        public static async Task<IngestSubscriber> ConnectAsync(MosquittoServer broker)
        {
            var client = new MqttClientFactory().CreateMqttClient();
            var subscriber = new IngestSubscriber(client);
            client.ApplicationMessageReceivedAsync += args =>
            {
                subscriber._received.Enqueue((args.ApplicationMessage.Topic, Encoding.UTF8.GetString(args.ApplicationMessage.Payload)));
                return Task.CompletedTask;
            };

            // A group per subscriber, so that tests running side by side do not split each other's messages.
            var group = $"test-{Guid.NewGuid():N}";
            await client.ConnectAsync(Options(broker.IngestPort, $"{broker.IngestUsername}-{group}", broker.IngestUsername, broker.IngestPassword), TestContext.Current.CancellationToken);
            var granted = await client.SubscribeAsync(
                new MqttClientSubscribeOptionsBuilder().WithTopicFilter($"$share/{group}/{Topics.All}", MqttQualityOfServiceLevel.AtLeastOnce).Build(),
                TestContext.Current.CancellationToken);
            granted.Items.ShouldHaveSingleItem().ResultCode.ShouldBe(MqttClientSubscribeResultCode.GrantedQoS1);
            return subscriber;
        }

        public Task WaitForAsync(string topic) =>
            Eventually.TrueAsync(() => Task.FromResult(_received.Any(m => m.Topic == topic)), Deadline, $"ingest to receive a message on {topic}");

        public async ValueTask DisposeAsync()
        {
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync();
            }

            _client.Dispose();
        }
    }
}
