using System.Buffers;
using System.Net;
using CommandCenter.TelemetryIngest.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace CommandCenter.TelemetryIngest.Broker;

/// <summary>
/// MQTTnet broker inside the command center. Every publish goes through the ingest pipeline before
/// the broker acknowledges it; a refused message gets a PUBACK reason code and a reason string
/// (MQTT 5) and is not forwarded to subscribers.
/// </summary>
public sealed class EmbeddedMqttBroker(
    IOptions<MqttBrokerOptions> options,
    IngestPipeline pipeline,
    ILogger<EmbeddedMqttBroker> logger) : IHostedService, IAsyncDisposable
{
    private MqttServer? _server;

    public bool IsRunning => _server?.IsStarted == true;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var ipv4 = IPAddress.Parse(settings.BindAddress);
        var serverOptions = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointPort(settings.Port)
            .WithDefaultEndpointBoundIPAddress(ipv4)
            // Without an explicit IPv6 address MQTTnet also listens on [::], i.e. on every interface.
            .WithDefaultEndpointBoundIPV6Address(IPAddress.IsLoopback(ipv4) ? IPAddress.IPv6Loopback : IPAddress.IPv6Any)
            .Build();

        _server = new MqttServerFactory().CreateMqttServer(serverOptions);
        _server.ValidatingConnectionAsync += AssignMissingClientId;
        _server.InterceptingPublishAsync += IngestAsync;
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

    private static Task AssignMissingClientId(ValidatingConnectionEventArgs args)
    {
        // MQTTnet refuses an empty client id unless the server assigns one (mosquitto_pub sends none by default).
        if (string.IsNullOrEmpty(args.ClientId))
        {
            args.AssignedClientIdentifier = $"anon-{Guid.NewGuid():N}";
        }

        return Task.CompletedTask;
    }

    private async Task IngestAsync(InterceptingPublishEventArgs args)
    {
        var message = args.ApplicationMessage;
        var payload = message.Payload.IsSingleSegment ? message.Payload.First : message.Payload.ToArray();
        var outcome = await pipeline.HandleAsync(message.Topic, payload, args.ClientId, args.CancellationToken);
        if (!outcome.Accepted)
        {
            args.ProcessPublish = false;
            args.Response.ReasonCode = MqttPubAckReasonCode.PayloadFormatInvalid;
            args.Response.ReasonString = outcome.RejectReason;
        }
    }
}
