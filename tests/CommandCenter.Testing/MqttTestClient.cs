using System.Security.Cryptography.X509Certificates;
using System.Text;
using CommandCenter.Protocol;
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

    public static Task<MqttTestClient> ConnectAsync(int port, string clientId, string? username, string? password) =>
        ConnectAsync(port, clientId, username, password, new MqttTestConnection());

    /// <summary>Connects with the protocol version, clean start and TLS settings given.</summary>
    public static async Task<MqttTestClient> ConnectAsync(int port, string clientId, string? username, string? password, MqttTestConnection connection)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(connection.Host, port)
            .WithClientId(clientId)
            .WithCredentials(username, password)
            .WithProtocolVersion(connection.Protocol)
            .WithCleanStart(connection.CleanStart)
            .WithTimeout(TimeSpan.FromSeconds(15));
        if (connection.TrustedCa is { } ca)
        {
            builder.WithTlsOptions(tls => tls.UseTls().WithCertificateValidationHandler(context => CertificateTrust.IsServerOf(ca, context.Certificate, context.SslPolicyErrors)));
        }

        var tested = new MqttTestClient(client);
        client.DisconnectedAsync += args =>
        {
            tested.Disconnect = args;
            return Task.CompletedTask;
        };
        var result = await client.ConnectAsync(builder.Build());
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            client.Dispose();
            throw new MqttConnectionRefusedException(result.ResultCode, result.ReasonString);
        }

        return tested;
    }

    public bool IsConnected => _client.IsConnected;

    /// <summary>How the connection ended, once it has.</summary>
    public MqttClientDisconnectedEventArgs? Disconnect { get; private set; }

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

/// <summary>How a test client connects: protocol version, clean start, and a CA to trust for TLS (none: plain TCP).</summary>
public sealed record MqttTestConnection(
    MqttProtocolVersion Protocol = MqttProtocolVersion.V500,
    bool CleanStart = true,
    X509Certificate2? TrustedCa = null,
    string Host = "127.0.0.1");
