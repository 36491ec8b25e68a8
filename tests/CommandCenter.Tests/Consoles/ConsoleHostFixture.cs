using System.Net;
using CommandCenter.Testing;

namespace CommandCenter.Tests.Consoles;

/// <summary>The demo city's command center, shared by the console tests.</summary>
public sealed class ConsoleHostFixture : IAsyncLifetime
{
    private DemoCityHost _city = default!;

    public InfluxServer Influx => _city.Influx;

    public CommandCenterProcess Host => _city.Host;

    public async ValueTask InitializeAsync() => _city = await DemoCityHost.StartAsync();

    /// <summary>Signs in as a seeded demo user.</summary>
    public Task<CookieContainer> SignInAsync(string userName) => _city.SignInAsync(userName);

    public ValueTask DisposeAsync() => _city.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ConsoleHostCollection : ICollectionFixture<ConsoleHostFixture>
{
    public const string Name = "Command center with the demo city";
}
