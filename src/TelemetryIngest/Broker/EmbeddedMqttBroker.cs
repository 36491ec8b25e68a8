using System.Buffers;
using CommandCenter.Protocol;
using CommandCenter.TelemetryIngest.Broker.Listener;
using CommandCenter.TelemetryIngest.DeadLetters;
using CommandCenter.TelemetryIngest.Devices;
using CommandCenter.TelemetryIngest.Pipeline;
using CommandCenter.TelemetryIngest.Telemetry;
using CommandCenter.TelemetryIngest.Validation;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.AspNetCore;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace CommandCenter.TelemetryIngest.Broker;

/// <summary>
/// MQTTnet broker inside the command center, served by Kestrel (<see cref="MqttListeners"/>).
/// A device signs in with its id as username and client id and its secret as password; the identity
/// of the connection, never session state, decides what it may publish. Every publish goes through
/// the ingest pipeline before the broker acknowledges it, and a refused message gets a PUBACK reason
/// code and reason string (MQTT 5) and is not forwarded.
/// </summary>
public sealed class EmbeddedMqttBroker(
    IOptions<MqttBrokerOptions> options,
    IOptions<MqttTlsOptions> tls,
    MqttConnectionHandler connectionHandler,
    MqttConnectionAdmission admission,
    MqttListeners listeners,
    IngestPipeline pipeline,
    DeviceRegistry registry,
    DeadLetterStore deadLetters,
    IngestMetrics metrics,
    TimeProvider time,
    ILogger<EmbeddedMqttBroker> logger) : IHostedService, IMqttIngress, IAsyncDisposable
{
    /// <summary>
    /// What each session's packet writers start with (MQTTnet keeps two per session): the broker only ever sends devices
    /// CONNACK, PUBACK, PINGRESP and DISCONNECT, a few dozen bytes with their reason strings. MQTTnet's default of 4 KB
    /// held 80 MB per 10,000 idle sessions; a writer still grows for a larger packet (an ingest tool's subscription) and
    /// shrinks back after it.
    /// </summary>
    private const int SessionWriteBufferBytes = 512;

    private MqttServer? _server;

    public bool IsRunning => _server?.IsStarted == true;

    public string Describe() => $"embedded broker on {options.Value.BindAddress}:{options.Value.Port}"
        + (tls.Value.IsEnabled ? $" and TLS on {tls.Value.BindAddress}:{tls.Value.Port}" : "")
        + $", {admission.OpenConnections} connections";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var serverOptions = new MqttServerOptionsBuilder().Build();
        serverOptions.WriterBufferSize = SessionWriteBufferBytes;
        _server = new MqttServerFactory().CreateMqttServer(serverOptions, [connectionHandler]);
        _server.ValidatingConnectionAsync += AuthenticateAsync;
        _server.InterceptingPublishAsync += IngestAsync;
        _server.InterceptingSubscriptionAsync += RefuseDeviceSubscriptions;
        admission.DisconnectSignedIn = DisconnectAsync;
        registry.Revoked += DisconnectRevokedAsync;
        await _server.StartAsync();
        await listeners.StartAsync(cancellationToken);
        admission.LogLimits();
        logger.LogInformation("MQTT broker listening on {Address}:{Port}", options.Value.BindAddress, options.Value.Port);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        registry.Revoked -= DisconnectRevokedAsync;

        // Sessions first: Kestrel waits for open connections to end, and MQTTnet ends them.
        if (_server is { IsStarted: true })
        {
            await _server.StopAsync();
            logger.LogInformation("MQTT broker stopped");
        }

        await listeners.StopAsync(cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        _server?.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task AuthenticateAsync(ValidatingConnectionEventArgs args)
    {
        var from = args.RemoteEndPoint?.ToString() ?? "unknown";
        var result = registry.Authenticate(args.UserName, args.Password);
        if (!result.IsAuthenticated)
        {
            args.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            args.ReasonString = result.Refusal;
            await deadLetters.AddConnectionRefusalAsync(RejectReason.UnknownDevice, $"CONNECT from {from} refused: {result.Refusal}", args.ClientId, args.UserName);
            return;
        }

        var deviceId = result.Device?.Id;

        // An empty client id gets the device id, over MQTT 5 (only it can tell a client the id it was
        // given; mosquitto_pub sends none by default). Any other id would take over that device's session
        // (and, without clean start, what the session carries): only the device itself may use its id.
        var clientId = string.IsNullOrEmpty(args.ClientId) && args.ProtocolVersion == MQTTnet.Formatter.MqttProtocolVersion.V500
            ? deviceId ?? $"anon-{Guid.NewGuid():N}"
            : args.ClientId ?? "";
        if (deviceId is not null && !string.Equals(clientId, deviceId, StringComparison.Ordinal))
        {
            args.ReasonCode = MqttConnectReasonCode.ClientIdentifierNotValid;
            args.ReasonString = $"client id must be the device id '{deviceId}'";
            await deadLetters.AddConnectionRefusalAsync(RejectReason.ClientIdMismatch,
                $"CONNECT from {from} refused: device '{deviceId}' tried client id '{Excerpt.Of(clientId, 64)}' over MQTT {args.ProtocolVersion}",
                Excerpt.Of(clientId, 64), deviceId);
            return;
        }

        if (clientId != args.ClientId)
        {
            args.AssignedClientIdentifier = clientId;
        }

        await admission.AwaitPreviousConnectionAsync(clientId);
        admission.MarkSignedIn(args.RemoteEndPoint, clientId);
    }

    /// <summary>
    /// Devices only publish in protocol v1; letting them subscribe would let any device read every
    /// other device's messages (app records carry names), so registered devices may not.
    /// </summary>
    private Task RefuseDeviceSubscriptions(InterceptingSubscriptionEventArgs args)
    {
        if (!registry.AllowUnregistered)
        {
            args.ProcessSubscription = false;
            args.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            args.Response.ReasonString = "devices may not subscribe in protocol v1";
        }

        return Task.CompletedTask;
    }

    private async Task IngestAsync(InterceptingPublishEventArgs args)
    {
        var message = args.ApplicationMessage;
        var payload = message.Payload.IsSingleSegment ? message.Payload.First : message.Payload.ToArray();

        // The publisher is whoever this connection signed in as (client id = device id, checked at
        // CONNECT), looked up now, so a device revoked a moment ago publishes nothing more.
        DeviceRegistration? publisher = null;
        if (!registry.AllowUnregistered && !registry.TryGet(args.ClientId, out publisher))
        {
            args.ProcessPublish = false;
            args.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            args.Response.ReasonString = $"device '{args.ClientId}' is no longer registered";
            _ = DisconnectRevokedAsync(args.ClientId);
            return;
        }

        var started = time.GetTimestamp();
        var outcome = await pipeline.HandleAsync(new IngestMessage(message.Topic, payload, args.ClientId, publisher), args.CancellationToken);
        metrics.RecordPuback(time.GetElapsedTime(started), outcome.Result);
        if (!outcome.IsAcknowledged)
        {
            args.ProcessPublish = false;
            args.Response.ReasonCode = outcome.Result switch
            {
                IngestResult.NotAuthorized => MqttPubAckReasonCode.NotAuthorized,
                IngestResult.Overloaded => MqttPubAckReasonCode.QuotaExceeded,
                _ when outcome.Reason?.StartsWith(nameof(RejectReason.UnknownTopic), StringComparison.Ordinal) == true => MqttPubAckReasonCode.TopicNameInvalid,
                _ => MqttPubAckReasonCode.PayloadFormatInvalid,
            };
            args.Response.ReasonString = outcome.Reason;
        }
    }

    private Task DisconnectAsync(string clientId, PacketViolation violation) =>
        _server?.DisconnectClientAsync(clientId, new MqttServerClientDisconnectOptions
        {
            ReasonCode = violation.Verdict == HeaderVerdict.TooLarge ? MqttDisconnectReasonCode.PacketTooLarge : MqttDisconnectReasonCode.MalformedPacket,
            ReasonString = violation.Detail,
        }) ?? Task.CompletedTask;

    private async Task DisconnectRevokedAsync(string deviceId)
    {
        if (_server is not { IsStarted: true } server)
        {
            return;
        }

        try
        {
            await server.DisconnectClientAsync(deviceId, new MqttServerClientDisconnectOptions
            {
                ReasonCode = MqttDisconnectReasonCode.NotAuthorized,
                ReasonString = "device revoked",
            });
            logger.LogWarning("Device {DeviceId} was revoked: its session was closed", deviceId);
        }
        catch (InvalidOperationException)
        {
            // Not connected: nothing to close.
        }
    }
}
