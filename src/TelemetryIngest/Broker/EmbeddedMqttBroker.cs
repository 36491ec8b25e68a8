using System.Buffers;
using System.Net;
using CommandCenter.Protocol;
using CommandCenter.TelemetryIngest.DeadLetters;
using CommandCenter.TelemetryIngest.Devices;
using CommandCenter.TelemetryIngest.Pipeline;
using CommandCenter.TelemetryIngest.Validation;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace CommandCenter.TelemetryIngest.Broker;

/// <summary>
/// MQTTnet broker inside the command center. Devices authenticate at CONNECT against the device
/// registry; every publish goes through the ingest pipeline before the broker acknowledges it, and
/// a refused message gets a PUBACK reason code and reason string (MQTT 5) and is not forwarded.
/// </summary>
public sealed class EmbeddedMqttBroker(
    IOptions<MqttBrokerOptions> options,
    IngestPipeline pipeline,
    DeviceRegistry registry,
    DeadLetterStore deadLetters,
    ILogger<EmbeddedMqttBroker> logger) : IHostedService, IMqttIngress, IAsyncDisposable
{
    private const string DeviceSessionItem = "cc.device";
    private MqttServer? _server;

    public bool IsRunning => _server?.IsStarted == true;

    public string Describe() => $"embedded broker on {options.Value.BindAddress}:{options.Value.Port}";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        registry.Load();
        var ipv4 = IPAddress.Parse(settings.BindAddress);
        var serverOptions = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointPort(settings.Port)
            .WithDefaultEndpointBoundIPAddress(ipv4)
            // Without an explicit IPv6 address MQTTnet also listens on [::], i.e. on every interface.
            .WithDefaultEndpointBoundIPV6Address(IPAddress.IsLoopback(ipv4) ? IPAddress.IPv6Loopback : IPAddress.IPv6Any)
            .Build();

        _server = new MqttServerFactory().CreateMqttServer(serverOptions);
        _server.ValidatingConnectionAsync += AuthenticateAsync;
        _server.InterceptingPublishAsync += IngestAsync;
        _server.InterceptingSubscriptionAsync += RefuseDeviceSubscriptions;
        await _server.StartAsync();
        logger.LogInformation("MQTT broker listening on {Address}:{Port}", settings.BindAddress, settings.Port);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is { IsStarted: true })
        {
            await _server.StopAsync();
            logger.LogInformation("MQTT broker stopped");
        }
    }

    public ValueTask DisposeAsync()
    {
        _server?.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task AuthenticateAsync(ValidatingConnectionEventArgs args)
    {
        var result = registry.Authenticate(args.UserName, args.Password);
        if (!result.IsAuthenticated)
        {
            args.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            args.ReasonString = result.Refusal;
            var refusal = DecodeResult.Reject(RejectReason.UnknownDevice, $"CONNECT refused: {result.Refusal}", args.UserName);
            await deadLetters.AddAsync(refusal, "(connect)", args.ClientId, ReadOnlySpan<byte>.Empty);
            return;
        }

        args.SessionItems[DeviceSessionItem] = result.Device;

        // MQTTnet refuses an empty client id unless the server assigns one (mosquitto_pub sends none by default).
        if (string.IsNullOrEmpty(args.ClientId))
        {
            args.AssignedClientIdentifier = result.Device?.Id ?? $"anon-{Guid.NewGuid():N}";
        }
    }

    /// <summary>
    /// Devices only publish in protocol v1; letting them subscribe would let any device read every
    /// other device's messages (app records carry names), so registered devices may not.
    /// </summary>
    private static Task RefuseDeviceSubscriptions(InterceptingSubscriptionEventArgs args)
    {
        if (args.SessionItems[DeviceSessionItem] is DeviceRegistration)
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
        var publisher = args.SessionItems[DeviceSessionItem] as DeviceRegistration;
        var outcome = await pipeline.HandleAsync(new IngestMessage(message.Topic, payload, args.ClientId, publisher), args.CancellationToken);
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
}
