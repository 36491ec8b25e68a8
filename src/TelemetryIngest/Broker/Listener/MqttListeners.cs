using System.Net;
using System.Security.Cryptography.X509Certificates;
using CommandCenter.TelemetryIngest.Certificates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.AspNetCore;

namespace CommandCenter.TelemetryIngest.Broker.Listener;

/// <summary>
/// The embedded broker's listeners on a Kestrel server of their own: the plain port (loopback by
/// default) and, when configured, the TLS port. Kestrel's pipes read what arrives without a buffer
/// per declared packet, its TLS is the same as the web tier's, and the admission gate runs as
/// connection middleware in front of MQTTnet's connection handler. A server apart from the web
/// tier's keeps the two from sharing connection limits, and the web tier's <c>urls</c> in force.
/// </summary>
public sealed class MqttListeners(
    IServiceProvider services,
    IOptions<MqttBrokerOptions> broker,
    IOptions<MqttTlsOptions> tls,
    IOptions<MqttListenerOptions> limits,
    IOptions<DataOptions> data,
    MqttConnectionAdmission admission,
    TimeProvider time,
    ILoggerFactory loggers) : IAsyncDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger<MqttListeners>();
    private KestrelServer? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Bytes buffered for a connection before the MQTT reader takes them: the largest packet the
        // guard allows and a little more, not Kestrel's default megabyte per connection.
        var buffer = Math.Max(limits.Value.MaxPublishBytes, limits.Value.MaxConnectBytes) + (64 * 1024);
        var kestrel = new KestrelServerOptions { ApplicationServices = services };
        kestrel.Limits.MaxRequestBufferSize = buffer;
        Configure(kestrel);
        // The options as the host's Kestrel makes them, so the MQTT ports get its pooled pinned blocks: options made with
        // `new` fall back to the shared array pool, which 1,000 busy connections drain, and each receive then allocated
        // a fresh 4 KB array (a sixth of the bytes allocated per message).
        var transportOptions = services.GetRequiredService<IOptionsFactory<SocketTransportOptions>>().Create(Options.DefaultName);
        transportOptions.MaxReadBufferSize = buffer;
        var transport = new SocketTransportFactory(Options.Create(transportOptions), loggers);
        _server = new KestrelServer(Options.Create(kestrel), transport, loggers);
        await _server.StartAsync(new NoHttpApplication(), cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync(cancellationToken);
        }
    }

    public ValueTask DisposeAsync()
    {
        _server?.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Configure(KestrelServerOptions kestrel)
    {
        Listen(kestrel, IPAddress.Parse(broker.Value.BindAddress), broker.Value.Port, certificate: null);

        var settings = tls.Value;
        if (!settings.IsEnabled)
        {
            _logger.LogInformation("MQTT over TLS is off: set Mqtt:Tls:CertificatePath, or Mqtt:Tls:DemoAuthority for a private demo CA");
            return;
        }

        var certificate = settings.LoadCertificate(data.Value, time);
        if (settings.UsesDemoAuthority)
        {
            _logger.LogInformation("Demo certificate authority: devices trust {CaFile}", DemoCertificateAuthority.CaCertificateIn(data.Value));
        }

        Listen(kestrel, IPAddress.Parse(settings.BindAddress), settings.Port, certificate);
        _logger.LogInformation("MQTT over TLS on {Address}:{Port} with certificate {Subject} (expires {NotAfter:yyyy-MM-dd})",
            settings.BindAddress, settings.Port, certificate.Subject, certificate.NotAfter);
    }

    /// <summary>
    /// Loopback also listens on [::1] and 0.0.0.0 on [::] as well (one dual-mode socket), as MQTTnet's own
    /// listener did, so IPv6 clients keep working; any other address is bound as given.
    /// </summary>
    private void Listen(KestrelServerOptions kestrel, IPAddress address, int port, X509Certificate2? certificate)
    {
        if (IPAddress.IsLoopback(address))
        {
            kestrel.Listen(address, port, listen => Pipeline(listen, certificate));
            kestrel.Listen(IPAddress.IPv6Loopback, port, listen => Pipeline(listen, certificate));
        }
        else if (address.Equals(IPAddress.Any))
        {
            kestrel.ListenAnyIP(port, listen => Pipeline(listen, certificate));
        }
        else
        {
            kestrel.Listen(address, port, listen => Pipeline(listen, certificate));
        }
    }

    private void Pipeline(ListenOptions listen, X509Certificate2? certificate)
    {
        listen.Use(next => connection => admission.AdmitAsync(connection, next));
        if (certificate is not null)
        {
            listen.UseHttps(https =>
            {
                https.ServerCertificate = certificate;
            });
        }

        listen.Use(next => connection => admission.GuardPacketsAsync(connection, next));
        listen.UseMqtt();
    }
}

/// <summary>The MQTT listeners end in MQTTnet's connection handler; no request ever reaches HTTP.</summary>
internal sealed class NoHttpApplication : IHttpApplication<HttpContext>
{
    public HttpContext CreateContext(IFeatureCollection contextFeatures) => new DefaultHttpContext(contextFeatures);

    public Task ProcessRequestAsync(HttpContext context) => Task.CompletedTask;

    public void DisposeContext(HttpContext context, Exception? exception)
    {
    }
}
