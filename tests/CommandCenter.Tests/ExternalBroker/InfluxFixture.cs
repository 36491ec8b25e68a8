using CommandCenter.Testing;

namespace CommandCenter.Tests.ExternalBroker;

/// <summary>One influxd for the external-broker tests; each test starts its own Mosquitto and hosts.</summary>
public sealed class InfluxFixture : IAsyncLifetime
{
    public InfluxServer Influx { get; private set; } = default!;

    public async ValueTask InitializeAsync() => Influx = await InfluxServer.StartAsync();

    public ValueTask DisposeAsync() => Influx.DisposeAsync();
}
