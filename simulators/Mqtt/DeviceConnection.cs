using System.Text.Json;
using CommandCenter.Protocol;
using MQTTnet;
using MQTTnet.Protocol;

namespace CommandCenter.Simulators.Mqtt;

/// <summary>The result of one publish as the broker acknowledged it.</summary>
public enum PublishOutcome
{
    Acknowledged,
    Rejected,
    NotConnected,
}

/// <summary>
/// One device's MQTT 5 session. Reconnection is driven by the caller's loop (a publish finds the
/// session down and reconnects first), never from the disconnect handler.
/// </summary>
public sealed class DeviceConnection(string deviceId, string host, int port) : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();

    public string DeviceId { get; } = deviceId;

    /// <summary>The reason string of the newest rejected publish, for diagnostics.</summary>
    public string? LastRejection { get; private set; }

    public async Task<bool> EnsureConnectedAsync(CancellationToken cancellationToken)
    {
        if (_client.IsConnected)
        {
            return true;
        }

        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId(DeviceId)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithTimeout(TimeSpan.FromSeconds(5))
            .Build();
        try
        {
            await _client.ConnectAsync(options, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or MQTTnet.Adapter.MqttConnectingFailedException)
        {
            return false;
        }
    }

    public async Task<PublishOutcome> PublishStatusAsync(ElevatorStatusReport report, CancellationToken cancellationToken)
    {
        if (!await EnsureConnectedAsync(cancellationToken))
        {
            return PublishOutcome.NotConnected;
        }

        var message = new MqttApplicationMessageBuilder()
            .WithTopic(Topics.ElevatorStatus(DeviceId))
            .WithPayload(JsonSerializer.SerializeToUtf8Bytes(report, ProtocolJson.Default.ElevatorStatusReport))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithContentType("application/json")
            .Build();
        try
        {
            var result = await _client.PublishAsync(message, cancellationToken);
            if (result.IsSuccess)
            {
                return PublishOutcome.Acknowledged;
            }

            LastRejection = $"{result.ReasonCode}: {result.ReasonString}";
            return PublishOutcome.Rejected;
        }
        catch (MQTTnet.Exceptions.MqttCommunicationException)
        {
            return PublishOutcome.NotConnected;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }
}
