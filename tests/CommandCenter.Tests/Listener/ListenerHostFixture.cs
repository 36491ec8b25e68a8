using CommandCenter.Testing;

namespace CommandCenter.Tests.Listener;

/// <summary>
/// A real influxd and a command center with MQTT over TLS from its demo certificate authority, and
/// tight connection limits so tests reach them quickly: 8 unsigned connections per address, 2 s to CONNECT.
/// </summary>
public sealed class ListenerHostFixture : IAsyncLifetime
{
    public InfluxServer Influx { get; private set; } = default!;

    public CommandCenterProcess Host { get; private set; } = default!;

    public const int MaxPendingPerAddress = 8;

    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    public int TlsPort { get; } = FreePorts.Next();

    public string CaFile => Path.Combine(Host.DataFolder, "tls", "ca.crt");

    public async ValueTask InitializeAsync()
    {
        Influx = await InfluxServer.StartAsync();
        Host = await CommandCenterProcess.StartAsync(
            Influx.Url, "--Mqtt:Tls:DemoAuthority=true", $"--Mqtt:Tls:Port={TlsPort}", "--Mqtt:Tls:BindAddress=127.0.0.1",
            $"--Mqtt:Limits:MaxPendingPerAddress={MaxPendingPerAddress}", "--Mqtt:Limits:ConnectTimeout=00:00:02");
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Influx.DisposeAsync();
    }
}
