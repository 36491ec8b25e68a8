using CommandCenter.Grains;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.Areas;
using CommandCenter.Grains.City;
using CommandCenter.Grains.Scheduling;
using CommandCenter.Simulators.City;
using CommandCenter.Tests.Grains;
using CommandCenter.Tests.Tickets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace CommandCenter.Tests.Duties;

/// <summary>
/// Its own cluster: the demo city as the command center loads it (its directory is where elevators stand
/// and who is in each grid), on a fake clock that only these tests move, with nothing ever filed.
/// Tests run the <see cref="Refresher"/> and the <see cref="Sweeper"/> themselves, as the host does on its timers.
/// </summary>
public sealed class DutyCityFixture : IAsyncLifetime
{
    /// <summary>08:30 in Yinchuan (UTC+8) on a Wednesday.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 0, 30, 0, TimeSpan.Zero);

    public static CityDirectory City { get; } = new(CityGenerator.Generate(CityGeneratorOptions.Demo));

    public FakeTimeProvider Time { get; } = new(Start);

    public InProcessTestCluster Cluster { get; private set; } = default!;

    public IClusterClient Client => Cluster.Client;

    public DeadlineSweeper Sweeper => Cluster.Silos[0].ServiceProvider.GetRequiredService<DeadlineSweeper>();

    public RollupRefresher Refresher => Cluster.Silos[0].ServiceProvider.GetRequiredService<RollupRefresher>();

    /// <summary>Where the hazards' work orders go once finished.</summary>
    public TestTicketArchive TicketArchive { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        TicketArchive = await TestTicketArchive.StartSqliteAsync();
        var builder = new InProcessTestClusterBuilder();
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(StorageNames.Grains);
            silo.Services
                .AddSingleton(new CityClock(Time))
                .AddSingleton(City)
                .AddSingleton<IElevatorPlaces>(City)
                .AddSingleton<IElevatorHistory>(new RecordingHistory())
                .AddSingleton<ITicketArchive>(TicketArchive)
                .AddCommandCenterGrains()
                .AddSingleton(Options.Create(new AreaOptions { PushDelay = TimeSpan.FromMilliseconds(20) }));
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await TicketArchive.DisposeAsync();
    }

    /// <summary>Moves the clock to a later instant and runs one sweep, as the sweeper would on its next tick.</summary>
    public async Task MoveToAndSweepAsync(DateTimeOffset instant)
    {
        Time.SetUtcNow(instant);
        await Sweeper.SweepOnceAsync();
    }
}
