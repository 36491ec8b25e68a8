namespace CommandCenter.Simulators.Mqtt;

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

    internal SemaphoreSlim ConnectGate { get; } = new(maxConcurrentConnects, maxConcurrentConnects);

    public void Dispose() => ConnectGate.Dispose();
}
