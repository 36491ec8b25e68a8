using CommandCenter.Testing;

namespace CommandCenter.BrowserTests;

/// <summary>
/// A test class's own command center running the demo city, apart from the wall's: xUnit makes one per
/// class that takes it, so what a class does there (alarms, users it adds, sessions it ends) no other
/// class sees.
/// </summary>
public sealed class DemoCityFixture : IAsyncLifetime
{
    public DemoCityHost City { get; private set; } = default!;

    public async ValueTask InitializeAsync() => City = await DemoCityHost.StartAsync();

    public ValueTask DisposeAsync() => City.DisposeAsync();
}
