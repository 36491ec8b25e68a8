using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using CommandCenter.Testing;

namespace CommandCenter.Tests.Https;

/// <summary>
/// A command center serving HTTPS on loopback with the demo certificate authority, plain HTTP on
/// loopback and (where the machine has one) on an address other than loopback, one trusted reverse
/// proxy: the second loopback address <see cref="Proxy"/>, which tests connect from, a sign-in
/// limit per address low enough to reach, and a metrics port of its own.
/// </summary>
public sealed class HttpsHostFixture : IAsyncLifetime
{
    public static readonly IPAddress Proxy = IPAddress.Parse("127.0.0.2");

    /// <summary>Sign-in attempts one client address may make a minute.</summary>
    public const int SignInsPerAddress = 3;

    public InfluxServer Influx { get; private set; } = default!;

    public CommandCenterProcess Host { get; private set; } = default!;

    public int HttpsPort { get; } = FreePorts.Next();

    /// <summary>An IPv4 address of this machine other than loopback, or null where it has none.</summary>
    public IPAddress? NetworkAddress { get; } = NetworkInterface.GetAllNetworkInterfaces()
        .Where(card => card.OperationalStatus == OperationalStatus.Up && card.NetworkInterfaceType != NetworkInterfaceType.Loopback)
        .SelectMany(card => card.GetIPProperties().UnicastAddresses.Select(unicast => unicast.Address))
        .FirstOrDefault(address => address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(address));

    /// <summary>Plain HTTP on <see cref="NetworkAddress"/>.</summary>
    public int NetworkHttpPort { get; } = FreePorts.Next();

    /// <summary>The metrics port (<c>Metrics:Port</c>) on every IPv4 address.</summary>
    public int MetricsPort { get; } = FreePorts.Next();

    public string CaFile => Path.Combine(Host.DataFolder, "tls", "ca.crt");

    public async ValueTask InitializeAsync()
    {
        Influx = await InfluxServer.StartAsync();
        Host = await CommandCenterProcess.StartAsync(
            Influx.Url,
            NetworkAddress is null ? [] : [$"http://{NetworkAddress}:{NetworkHttpPort}"],
            "--Https:DemoAuthority=true", $"--Https:Port={HttpsPort}", "--Https:BindAddress=127.0.0.1", $"--Metrics:Port={MetricsPort}",
            $"--ForwardedHeaders:KnownProxies:0={Proxy}", $"--SignIn:PerAddressPerMinute={SignInsPerAddress}");
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Influx.DisposeAsync();
    }
}
