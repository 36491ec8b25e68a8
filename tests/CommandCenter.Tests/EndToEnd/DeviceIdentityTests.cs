using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using MQTTnet;
using MQTTnet.Formatter;
using Shouldly;

namespace CommandCenter.Tests.EndToEnd;

/// <summary>
/// One device's secret speaks for that device only: tried as an attacker would, with a berth
/// sensor's credentials and an online elevator's client id.
/// </summary>
[Collection(CommandCenterCollection.Name)]
public sealed class DeviceIdentityTests(CommandCenterFixture fixture)
{
    private readonly CommandCenterProcess _host = fixture.Host;

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(MqttProtocolVersion.V500, true)]
    [InlineData(MqttProtocolVersion.V500, false)]
    [InlineData(MqttProtocolVersion.V311, true)]
    [InlineData(MqttProtocolVersion.V311, false)]
    public async Task Connect_WithAnotherDevicesSecretUnderAnOnlineElevatorsClientId_IsRefusedAndTheElevatorKeepsPublishing(
        MqttProtocolVersion protocol, bool cleanStart)
    {
        var elevator = TestDevices.NextElevator();
        await using var owner = await MqttTestClient.ConnectAsync(_host.MqttPort, elevator);
        (await owner.PublishAsync(Topics.ElevatorStatus(elevator), StatusJson.For(elevator, 1, 4))).IsSuccess.ShouldBeTrue();

        var refused = await Should.ThrowAsync<MqttConnectionRefusedException>(() => MqttTestClient.ConnectAsync(
            _host.MqttPort, elevator, TestDevices.Berth, TestDevices.SecretFor(TestDevices.Berth), new MqttTestConnection(protocol, cleanStart)));

        refused.Code.ShouldBe(MqttClientConnectResultCode.ClientIdentifierNotValid);
        owner.IsConnected.ShouldBeTrue();
        var next = await owner.PublishAsync(Topics.ElevatorStatus(elevator), StatusJson.For(elevator, 2, 5));
        next.IsSuccess.ShouldBeTrue(next.ReasonString);
        await ShouldBeOnFloorAsync(elevator, 5);
        var letters = await _host.Http.GetFromJsonAsync<JsonElement>("/api/deadletters?reason=ClientIdMismatch&limit=100", Cancel);
        letters.GetProperty("items").EnumerateArray().ShouldContain(l =>
            l.GetProperty("detail").GetString()!.Contains($"device '{TestDevices.Berth}' tried client id '{elevator}'", StringComparison.Ordinal)
            && l.GetProperty("detail").GetString()!.Contains("from 127.0.0.1:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("mqttv5", "Client identifier not valid")]
    [InlineData("mqttv311", "identifier rejected")]
    public async Task MosquittoPub_WithAnotherDevicesSecretUnderAnElevatorsClientId_IsRefusedAndNothingIsAccepted(string protocol, string refusal)
    {
        var elevator = TestDevices.NextElevator();
        await using var owner = await MqttTestClient.ConnectAsync(_host.MqttPort, elevator);
        (await owner.PublishAsync(Topics.ElevatorStatus(elevator), StatusJson.For(elevator, 1, 6))).IsSuccess.ShouldBeTrue();

        var (exitCode, output) = await CommandLine.RunAsync("mosquitto_pub",
            "-h", "127.0.0.1", "-p", _host.MqttPort.ToString(), "-i", elevator, "-u", TestDevices.Berth, "-P", TestDevices.SecretFor(TestDevices.Berth),
            "-V", protocol, "-q", "1", "-t", Topics.ElevatorStatus(elevator), "-m", StatusJson.For(elevator, 2, 30));

        exitCode.ShouldNotBe(0);
        output.ShouldContain(refusal, Case.Insensitive);
        owner.IsConnected.ShouldBeTrue();
        (await owner.PublishAsync(Topics.ElevatorStatus(elevator), StatusJson.For(elevator, 3, 7))).IsSuccess.ShouldBeTrue();
        await ShouldBeOnFloorAsync(elevator, 7);
    }

    [Fact]
    public async Task Connect_OwnClientIdAgain_TakesOverItsOwnSession()
    {
        var elevator = TestDevices.NextElevator();
        await using var first = await MqttTestClient.ConnectAsync(_host.MqttPort, elevator);

        await using var second = await MqttTestClient.ConnectAsync(
            _host.MqttPort, elevator, elevator, TestDevices.SecretFor(elevator), new MqttTestConnection(CleanStart: false));

        (await second.PublishAsync(Topics.ElevatorStatus(elevator), StatusJson.For(elevator, 1, 8))).IsSuccess.ShouldBeTrue();
        await Eventually.TrueAsync(() => Task.FromResult(!first.IsConnected), TimeSpan.FromSeconds(10), "the older connection to be taken over");
    }

    [Fact]
    public async Task Publish_DeclaringAPacketOverTheLimit_DisconnectsTheDeviceWithItsReason()
    {
        var elevator = TestDevices.NextElevator();
        await using var device = await MqttTestClient.ConnectAsync(_host.MqttPort, elevator);

        await Should.ThrowAsync<Exception>(() => device.PublishAsync(Topics.ElevatorStatus(elevator), new byte[200_000]));

        var disconnect = await Eventually.ValueAsync(() => Task.FromResult(device.Disconnect), TimeSpan.FromSeconds(10), "the broker to disconnect the device");
        disconnect.Reason.ShouldBe(MqttClientDisconnectReason.PacketTooLarge);
        disconnect.ReasonString.ShouldNotBeNull().ShouldContain("PUBLISH of 200");
        disconnect.ReasonString.ShouldContain("at most 65536 allowed");
        var letters = await _host.Http.GetFromJsonAsync<JsonElement>("/api/deadletters?reason=PacketTooLarge&limit=100", Cancel);
        letters.GetProperty("items").EnumerateArray().ShouldContain(l => l.GetProperty("deviceId").GetString() == elevator);
    }

    private Task ShouldBeOnFloorAsync(string elevator, int floor) =>
        Eventually.TrueAsync(
            async () => (await _host.Http.GetFromJsonAsync<JsonElement>($"/api/elevators/{elevator}", Cancel)).GetProperty("status").GetProperty("floor").GetInt32() == floor,
            TimeSpan.FromSeconds(10),
            $"{elevator} to report floor {floor}");
}
