using CommandCenter.Grains;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.Areas;
using CommandCenter.Grains.City;
using CommandCenter.Grains.Scheduling;
using CommandCenter.Grains.Elevators;
using CommandCenter.Grains.Live;
using CommandCenter.Grains.Tickets;
using CommandCenter.Protocol;
using CommandCenter.Tests.Tickets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;
using CommandCenter.Simulators.City;

namespace CommandCenter.Tests.Grains;

/// <summary>
/// One in-process Orleans cluster shared by the grain tests. Domain rules read a <see cref="CityClock"/>
/// on fake time (Orleans itself keeps real time): tests move the clock and run the deadline sweeper
/// themselves, so every time rule is deterministic.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 0, 30, 0, TimeSpan.Zero);

    /// <summary>Short, so the elevators' silence check (every half of it, in real time) runs often in tests.</summary>
    public static readonly TimeSpan OfflineAfter = TimeSpan.FromSeconds(2);

    /// <summary>Short, so re-sent area contributions (every this long, in real time) arrive within a test's patience.</summary>
    public static readonly TimeSpan AreaRefresh = TimeSpan.FromSeconds(1);

    private const string MemoryStorage = "memory";

    public InProcessTestCluster Cluster { get; private set; } = default!;

    public IClusterClient Client => Cluster.Client;

    public FakeTimeProvider Time { get; } = new(Start);

    public TestElevatorPlaces City { get; } = new();

    /// <summary>What the alarms' notification grains handed to the outbox.</summary>
    public RecordingOutbox Notices { get; } = new();

    /// <summary>What the grains kept in the elevators' history store.</summary>
    public RecordingHistory History { get; } = new();

    /// <summary>Fails, holds and counts grain state writes.</summary>
    public StorageFaults Storage { get; } = new();

    /// <summary>A grid and its district of the demo city, where hand-placed test elevators stand.</summary>
    public static string DemoGrid => DemoCity.Topology.Districts[0].Streets[0].Communities[0].Grids[0].Id;

    public static string DemoDistrict => DemoCity.Topology.Districts[0].Id;

    /// <summary>The generated demo city behind area rollups and parking lots (elevator rules use <see cref="City"/>).</summary>
    public static CityDirectory DemoCity { get; } = new(CityGenerator.Generate(CityGeneratorOptions.Demo));

    /// <summary>The first silo's sweeper, for tests to run a sweep after moving the clock.</summary>
    public DeadlineSweeper Sweeper => Cluster.Silos[0].ServiceProvider.GetRequiredService<DeadlineSweeper>();

    /// <summary>Where tickets that rules open go once finished.</summary>
    public TestTicketArchive TicketArchive { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        TicketArchive = await TestTicketArchive.StartSqliteAsync();
        var builder = new InProcessTestClusterBuilder();
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(MemoryStorage);
            // Orleans' binary serializer, as the SQLite storage uses: the default JSON one cannot read back a dictionary keyed by GrainId.
            silo.Services.AddOptions<MemoryGrainStorageOptions>(MemoryStorage)
                .Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
            silo.Services.AddGrainStorage(StorageNames.Grains, (services, _) =>
                new FaultInjectingGrainStorage(services.GetRequiredKeyedService<IGrainStorage>(MemoryStorage), Storage));
            silo.Services
                .AddSingleton(new CityClock(Time))
                .AddSingleton<IElevatorPlaces>(City)
                .AddSingleton<IAlarmNotificationOutbox>(Notices)
                .AddSingleton<IElevatorHistory>(History)
                .AddSingleton<ITicketArchive>(TicketArchive)
                .AddSingleton(DemoCity)
                .AddCommandCenterGrains()
                .Configure<LiveFeedOptions>(o => o.FlushInterval = TimeSpan.FromMilliseconds(20))
                // Below the product's allowed minimum, so that silence checks and re-sent contributions come
                // within a test's patience: given as fixed instances, which start-up validation never sees.
                .AddSingleton(Options.Create(new ElevatorOptions { OfflineAfter = OfflineAfter }))
                .AddSingleton(Options.Create(new AreaOptions { RefreshInterval = AreaRefresh }));
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await TicketArchive.DisposeAsync();
    }

    /// <summary>Throws away what storage holds for one grain state, as if restored from a backup taken before it existed.</summary>
    public async Task ForgetStoredStateAsync<T>(string stateName, GrainId grain)
        where T : new()
    {
        var storage = Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(MemoryStorage);
        var stored = new GrainState<T>(new T());
        await storage.ReadStateAsync(stateName, grain, stored);
        await storage.ClearStateAsync(stateName, grain, stored);
    }
}

/// <summary>A hand-made city for grain tests: elevators placed in grids, firms nearest first.</summary>
public sealed class TestElevatorPlaces : IElevatorPlaces
{
    private readonly Dictionary<string, AlarmContext> _elevators = [];
    private readonly Dictionary<string, string> _unitGrids = [];
    private readonly List<string> _firmsByDistance = ["FIRM-A", "FIRM-B", "FIRM-C"];
    private readonly Dictionary<string, IReadOnlyList<string>> _nearestFirms = [];

    public void Place(string elevatorId, string gridId, string districtId, bool urban, string firmId)
    {
        lock (_elevators)
        {
            _elevators[elevatorId] = new AlarmContext(gridId, districtId, urban, firmId);
        }
    }

    /// <summary>The firms nearest one elevator, best first, instead of FIRM-A, B, C (e.g. firms of the demo city, whose contacts are known).</summary>
    public void SetNearestFirms(string elevatorId, IReadOnlyList<string> firms)
    {
        lock (_nearestFirms)
        {
            _nearestFirms[elevatorId] = firms;
        }
    }

    public void PlaceUnit(string unitId, string gridId)
    {
        lock (_unitGrids)
        {
            _unitGrids[unitId] = gridId;
        }
    }

    public AlarmContext? ContextOf(string elevatorId)
    {
        lock (_elevators)
        {
            return _elevators.GetValueOrDefault(elevatorId);
        }
    }

    public IReadOnlyList<string> FirmsByProximity(string elevatorId, IReadOnlySet<string> excluding)
    {
        lock (_nearestFirms)
        {
            return [.. _nearestFirms.GetValueOrDefault(elevatorId, _firmsByDistance).Where(f => !excluding.Contains(f))];
        }
    }

    public string? GridOfUnit(string unitId)
    {
        lock (_unitGrids)
        {
            return _unitGrids.GetValueOrDefault(unitId);
        }
    }

    public IReadOnlyList<string> ElevatorsIn(string gridId)
    {
        lock (_elevators)
        {
            return [.. _elevators.Where(pair => pair.Value.GridId == gridId).Select(pair => pair.Key)];
        }
    }

    public IReadOnlyList<string> UnitsCountedIn(string gridId)
    {
        lock (_unitGrids)
        {
            return [.. _unitGrids.Where(pair => pair.Value == gridId).Select(pair => pair.Key)];
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "Orleans cluster";
}

/// <summary>An outbox that keeps what it is given, for grain tests to read.</summary>
public sealed class RecordingOutbox : IAlarmNotificationOutbox
{
    private readonly List<AlarmNotice> _notices = [];

    public Task EnqueueAsync(AlarmNotice notice, CancellationToken cancellationToken = default)
    {
        lock (_notices)
        {
            _notices.Add(notice);
        }

        return Task.CompletedTask;
    }

    public IReadOnlyList<AlarmNotice> Of(string alarmId)
    {
        lock (_notices)
        {
            return [.. _notices.Where(n => n.AlarmId == alarmId)];
        }
    }
}

/// <summary>A history store that keeps what it is given, for grain tests to read, and fails on demand.</summary>
public sealed class RecordingHistory : IElevatorHistory
{
    private readonly List<(IWireMessage Record, IReadOnlyList<string> MissingItems)> _records = [];
    private readonly Dictionary<string, AlarmSnapshot> _alarms = [];

    /// <summary>While true, every call throws, as a store that cannot be reached does.</summary>
    public bool Unreachable { get; set; }

    public Task KeepRecordAsync(IWireMessage record, IReadOnlyList<string> missingItems, CancellationToken cancellationToken = default)
    {
        lock (_records)
        {
            ThrowIfUnreachable();
            _records.Add((record, missingItems));
        }

        return Task.CompletedTask;
    }

    public Task KeepClosedAlarmAsync(AlarmSnapshot alarm, CancellationToken cancellationToken = default)
    {
        lock (_records)
        {
            ThrowIfUnreachable();
            _alarms[alarm.Id] = alarm;
        }

        return Task.CompletedTask;
    }

    public IReadOnlyList<(IWireMessage Record, IReadOnlyList<string> MissingItems)> RecordsAbout(string subjectId)
    {
        lock (_records)
        {
            return [.. _records.Where(r => r.Record switch
            {
                DailyCheckRecord d => d.ElevatorId == subjectId,
                WeeklyInvestigationRecord w => w.ElevatorId == subjectId,
                MaintenanceRecord m => m.ElevatorId == subjectId,
                MonthlySchedulingRecord m => m.UnitId == subjectId,
                _ => false,
            })];
        }
    }

    public AlarmSnapshot? ClosedAlarm(string alarmId)
    {
        lock (_records)
        {
            return _alarms.GetValueOrDefault(alarmId);
        }
    }

    private void ThrowIfUnreachable()
    {
        if (Unreachable)
        {
            throw new InvalidOperationException("the history store cannot be reached (test)");
        }
    }
}
