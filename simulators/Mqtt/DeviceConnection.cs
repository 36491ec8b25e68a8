using System.Net;
using CommandCenter.Protocol;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;

namespace CommandCenter.Simulators.Mqtt;

/// <summary>
/// One device's MQTT 5 session: client id and username are the device id, the password its secret,
/// the last will its "offline" presence. Reconnection is driven by the caller's loop (each tick, or a
/// publish finding the session down, reconnects first, with back-off), never from the disconnect handler.
/// </summary>
/// <param name="sourceAddress">
/// The local address the session's socket is bound to; null lets the system choose. A machine has about 28,000
/// ephemeral ports per source address, so tens of thousands of sessions to one broker port need several.
/// </param>
public sealed class DeviceConnection(DemoCredential credential, SequenceCounter sequences, BrokerLink broker, IPAddress? sourceAddress = null) : IDisposable
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(30);
    private static readonly MqttClientFactory Factory = new();

    private IMqttClient _client = Factory.CreateMqttClient();
    private TimeSpan _retryDelay = TimeSpan.Zero;
    private DateTimeOffset _nextAttempt = DateTimeOffset.MinValue;

    public string DeviceId => credential.Id;

    public bool IsConnected => _client.IsConnected;

    /// <summary>Connects unless connected or still backing off; announces "online" after each connect.</summary>
    public async Task<bool> EnsureConnectedAsync(CancellationToken cancellationToken)
    {
        if (_client.IsConnected)
        {
            return true;
        }

        var now = broker.Time.GetUtcNow();
        if (now < _nextAttempt)
        {
            return false;
        }

        var refusal = await ConnectAsync(now, cancellationToken);
        if (refusal is not null)
        {
            broker.Statistics.RecordConnectFailure(DeviceId, refusal);
            // Doubling back-off with jitter, so a city that lost its broker does not reconnect in lockstep.
            _retryDelay = _retryDelay == TimeSpan.Zero ? FirstRetry : TimeSpan.FromTicks(Math.Min(_retryDelay.Ticks * 2, LongestRetry.Ticks));
            _nextAttempt = now + (_retryDelay * (0.5 + (Random.Shared.NextDouble() / 2)));
            return false;
        }

        _retryDelay = TimeSpan.Zero;
        await PublishConnectedAsync(PresenceMessages.Online(DeviceId, sequences, broker.Time.GetUtcNow()), cancellationToken);
        return true;
    }

    public async Task<PublishOutcome> PublishAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        if (!await EnsureConnectedAsync(cancellationToken))
        {
            broker.Statistics.Record(PublishOutcome.NotSent);
            return PublishOutcome.NotSent;
        }

        return await PublishConnectedAsync(message, cancellationToken);
    }

    /// <summary>
    /// Drops the connection without a DISCONNECT packet, as a device losing power would, so the broker
    /// publishes the "offline" will. The next <see cref="EnsureConnectedAsync"/> starts a new session.
    /// </summary>
    public void DropConnection()
    {
        _client.Dispose();
        _client = Factory.CreateMqttClient();
        _retryDelay = TimeSpan.Zero;
        _nextAttempt = DateTimeOffset.MinValue;
    }

    /// <summary>Ends the session the way <see cref="DropConnection"/> does, so the device is shown offline.</summary>
    public void Dispose() => _client.Dispose();

    /// <summary>Returns null on success, else why the broker could not be joined.</summary>
    private async Task<string?> ConnectAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var will = PresenceMessages.LastWill(DeviceId, now);
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(broker.Host, broker.Port)
            .WithClientId(DeviceId)
            .WithCredentials(DeviceId, credential.Secret)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithCleanStart()
            .WithTimeout(TimeSpan.FromSeconds(5))
            .WithKeepAlivePeriod(broker.KeepAlive)
            .WithWillTopic(will.Topic)
            .WithWillPayload(will.Payload)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithWillContentType("application/json");
        if (broker.Tls is { } tls)
        {
            builder.WithTlsOptions(o => o.UseTls().WithCertificateValidationHandler(context =>
                tls.TrustedCa is null ? context.SslPolicyErrors == System.Net.Security.SslPolicyErrors.None : CertificateTrust.IsServerOf(tls.TrustedCa, context.Certificate, context.SslPolicyErrors)));
        }

        var options = builder.Build();
        if (sourceAddress is not null)
        {
            ((MqttClientTcpOptions)options.ChannelOptions).LocalEndpoint = new IPEndPoint(sourceAddress, 0);
        }

        await broker.ConnectGate.WaitAsync(cancellationToken);
        try
        {
            var result = await _client.ConnectAsync(options, cancellationToken);
            return result.ResultCode == MqttClientConnectResultCode.Success
                ? null
                : $"CONNECT refused: {result.ResultCode} {result.ReasonString}".TrimEnd();
        }
        catch (MqttCommunicationException ex)
        {
            return $"broker unreachable: {ex.Message}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "CONNECT timed out";
        }
        finally
        {
            broker.ConnectGate.Release();
        }
    }

    private async Task<PublishOutcome> PublishConnectedAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var mqttMessage = new MqttApplicationMessageBuilder()
            .WithTopic(message.Topic)
            .WithPayload(message.Payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithContentType("application/json")
            .Build();
        try
        {
            var result = await _client.PublishAsync(mqttMessage, cancellationToken);
            if (result.IsSuccess)
            {
                broker.Statistics.Record(PublishOutcome.Acknowledged);
                return PublishOutcome.Acknowledged;
            }

            broker.Statistics.RecordRejection(DeviceId, $"{result.ReasonCode}: {result.ReasonString}");
            return PublishOutcome.Rejected;
        }
        catch (MqttCommunicationException)
        {
            broker.Statistics.Record(PublishOutcome.NotSent);
            return PublishOutcome.NotSent;
        }
    }
}
