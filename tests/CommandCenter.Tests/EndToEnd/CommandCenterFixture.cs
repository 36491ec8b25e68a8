using CommandCenter.Testing;

namespace CommandCenter.Tests.EndToEnd;

/// <summary>A real influxd and a real command center process, shared by the end-to-end tests.</summary>
public sealed class CommandCenterFixture : IAsyncLifetime
{
    public InfluxServer Influx { get; private set; } = default!;

    public CommandCenterProcess Host { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        Influx = await InfluxServer.StartAsync();
        // Many tests share this process and its one-second refusal sampling window; a test that asserts
        // its own refused connection was kept must not lose it to another test's refusals in the same second.
        Host = await CommandCenterProcess.StartAsync(Influx.Url, "--Mqtt:Limits:RefusalSamplesPerSecond=10000");
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Influx.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class CommandCenterCollection : ICollectionFixture<CommandCenterFixture>
{
    public const string Name = "Command center process";
}
