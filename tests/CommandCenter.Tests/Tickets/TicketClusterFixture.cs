using CommandCenter.Grains;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Grains.Scheduling;
using CommandCenter.Grains.Tickets;
using CommandCenter.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace CommandCenter.Tests.Tickets;

/// <summary>
/// Its own cluster for work orders: a small city, the default ticket rules and calendar, and a clock
/// that only these tests move (so other grain tests' clocks and theirs never interfere). Tests go to
/// a known local time with <see cref="MoveToNextMonday"/> and fire deadlines by running
/// <see cref="Sweeper"/> themselves.
/// </summary>
public sealed class TicketClusterFixture : IAsyncLifetime
{
    public static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    /// <summary>
    /// district D1 → street S1 → community C1 → grids G1 and G2; district D2 → street S2 → community C2 → grid G3;
    /// departments cg (城管) and zj (住建).
    /// </summary>
    public static readonly CityDirectory City = new(new CityTopology(
        CityTopology.CurrentVersion,
        "Test city",
        [
            new District("D1", "一区", true, [new Street("S1", "一街道", [new Community("C1", "一社区", [TestGrid("G1"), TestGrid("G2")])])]),
            new District("D2", "二区", false, [new Street("S2", "二街道", [new Community("C2", "二社区", [TestGrid("G3")])])]),
        ],
        [new Department("cg", "城市管理局"), new Department("zj", "住房和城乡建设局")],
        [],
        [],
        [],
        [],
        []));

    public ManualClock Time { get; } = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, Beijing));

    /// <summary>What ticket rules read, as in production: the city clock, here over <see cref="Time"/>; Orleans keeps real time.</summary>
    public CityClock Clock { get; }

    public TicketClusterFixture() => Clock = new CityClock(Time);

    public InProcessTestCluster Cluster { get; private set; } = default!;

    public IClusterClient Client => Cluster.Client;

    public DeadlineSweeper Sweeper { get; private set; } = default!;

    /// <summary>The real archive on SQLite, which a test may make unavailable.</summary>
    public TestTicketArchive Archive { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        Archive = await TestTicketArchive.StartSqliteAsync();
        Cluster = Build(Clock, Archive, silo => silo.AddMemoryGrainStorage(StorageNames.Grains));
        await Cluster.DeployAsync();
        Sweeper = Cluster.Silos[0].ServiceProvider.GetRequiredService<DeadlineSweeper>();
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Archive.DisposeAsync();
    }

    /// <summary>A cluster of work orders in <see cref="City"/> on the given clock, archive and grain storage.</summary>
    public static InProcessTestCluster Build(CityClock clock, ITicketArchive archive, Action<ISiloBuilder> storage)
    {
        var builder = new InProcessTestClusterBuilder();
        builder.ConfigureSilo((_, silo) =>
        {
            storage(silo);
            silo.Services
                .AddSingleton(clock)
                .AddSingleton(City)
                .AddSingleton(archive)
                .AddCommandCenterGrains();
        });
        return builder.Build();
    }

    /// <summary>Moves the clock to the next Monday (after now) at the given Beijing time.</summary>
    public DateTimeOffset MoveToNextMonday(int hour, int minute = 0)
    {
        var today = TimeZoneInfo.ConvertTime(Time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).Date;
        var days = ((int)DayOfWeek.Monday - (int)today.DayOfWeek + 7) % 7;
        var monday = new DateTimeOffset(today.AddDays(days == 0 ? 7 : days).AddHours(hour).AddMinutes(minute), Beijing);
        Time.SetUtcNow(monday);
        return monday;
    }

    /// <summary>Moves the clock to a later instant and runs one sweep, as the sweeper would on its next tick.</summary>
    public async Task MoveToAndSweepAsync(DateTimeOffset instant)
    {
        Time.SetUtcNow(instant);
        await Sweeper.SweepOnceAsync();
    }

    private static Grid TestGrid(string id) => new(id, $"网格 {id}", 0, 0, []);
}

/// <summary>
/// A clock set by hand over real timers. <c>FakeTimeProvider</c> would also drive the silo's own
/// periodic timers, replaying every period a jump skips: a week's jump cost seconds of CPU per test.
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _utcTicks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    /// <summary>Moves the clock forward (never back, as real time would not).</summary>
    public void SetUtcNow(DateTimeOffset now)
    {
        if (now.UtcTicks < Interlocked.Read(ref _utcTicks))
        {
            throw new ArgumentOutOfRangeException(nameof(now), now, "the clock only moves forward");
        }

        Interlocked.Exchange(ref _utcTicks, now.UtcTicks);
    }
}

[CollectionDefinition(Name)]
public sealed class TicketClusterCollection : ICollectionFixture<TicketClusterFixture>
{
    public const string Name = "Ticket cluster";
}
