using System.Security.Cryptography.X509Certificates;

namespace CommandCenter.Simulators.Mqtt;

/// <summary>MQTT over TLS: the CA that signed the broker's certificate, or null for the machine's trust store.</summary>
public sealed record BrokerTls(X509Certificate2? TrustedCa);

/// <summary>
/// What the device connections of one run share: the broker address, the counters, the clock, and a
/// cap on concurrent CONNECTs so a whole city starting (or reconnecting) at once does not swamp a
/// small broker.
/// </summary>
public sealed class BrokerLink(string host, int port, PublishStatistics statistics, TimeProvider time, int maxConcurrentConnects = 32) : IDisposable
{
    public string Host { get; } = host;

    public int Port { get; } = port;

    public PublishStatistics Statistics { get; } = statistics;

    public TimeProvider Time { get; } = time;

    /// <summary>Connect over TLS; null for plain TCP.</summary>
    public BrokerTls? Tls { get; init; }

    /// <summary>
    /// How long a quiet session waits before it pings the broker. Battery devices (berth sensors) ping rarely; a whole
    /// city's sessions pinging every 15 s would be thousands of packets a second of their own.
    /// </summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(15);

    internal SemaphoreSlim ConnectGate { get; } = new(maxConcurrentConnects, maxConcurrentConnects);

    public void Dispose() => ConnectGate.Dispose();
}
