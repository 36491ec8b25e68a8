using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace CommandCenter.Testing;

/// <summary>A real MQTT 5 client for tests that need to send exactly the bytes they choose.</summary>
/// <summary>The broker answered CONNECT with a refusal.</summary>
public sealed class MqttConnectionRefusedException(MqttClientConnectResultCode code, string? reason)
    : Exception($"CONNECT refused: {code} {reason}")
{
    public MqttClientConnectResultCode Code { get; } = code;

    public string? Reason { get; } = reason;
}

public sealed class MqttTestClient : IAsyncDisposable
{
    private readonly IMqttClient _client;

    private MqttTestClient(IMqttClient client) => _client = client;

    /// <summary>Connects as a registered test device: username = client id, password = its test secret.</summary>
    public static Task<MqttTestClient> ConnectAsync(int port, string clientId) =>
        ConnectAsync(port, clientId, clientId, TestDevices.SecretFor(clientId));

    public static async Task<MqttTestClient> ConnectAsync(int port, string clientId, string? username, string? password)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId(clientId)
            .WithCredentials(username, password)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .Build();
        var result = await client.ConnectAsync(options);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            client.Dispose();
            throw new MqttConnectionRefusedException(result.ResultCode, result.ReasonString);
        }

        return new MqttTestClient(client);
    }

    public Task<MqttClientPublishResult> PublishAsync(string topic, string payload) =>
        PublishAsync(topic, Encoding.UTF8.GetBytes(payload));

    public Task<MqttClientPublishResult> PublishAsync(string topic, byte[] payload) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }
}
