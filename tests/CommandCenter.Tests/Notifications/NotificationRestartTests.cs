using CommandCenter.Grains;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Grains.Scheduling;
using CommandCenter.Grains.Storage;
using CommandCenter.Notifications;
using CommandCenter.Notifications.Store;
using CommandCenter.Protocol;
using CommandCenter.Simulators.City;
using CommandCenter.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using CommandCenter.Tests.Grains;
using Shouldly;

namespace CommandCenter.Tests.Notifications;

/// <summary>
/// The escalation across a restart: a silo on the SQLite grain storage and the real outbox (SQLite too),
/// both in one data folder, on fake time; the silo is stopped and started again on the same files.
/// </summary>
public sealed class NotificationRestartTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 0, 30, 0, TimeSpan.Zero);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly CityDirectory City = new(CityGenerator.Generate(CityGeneratorOptions.Demo));

    private readonly string _folder = Directory.CreateTempSubdirectory("cc-notify-restart-").FullName;
    private readonly FakeTimeProvider _time = new(Start);
    private InProcessTestCluster? _cluster;
    private ServiceProvider? _web;

    private NotificationOutbox Outbox => _web!.GetRequiredService<NotificationOutbox>();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task TrappedPassenger_NobodyResponds_SiloRestartedAndTheLimitPassed_TheNextContactIsInTheOutbox()
    {
        var lift = City.Topology.Elevators.Where(e => !e.Escalator).Select(e => City.FindElevator(e.Id)!).First(p => p.Firm.OnCall.Count >= 2);
        var cluster = await StartAsync();
        var (alarm, opened) = await cluster.Client.GetGrain<IElevatorGrain>(lift.Elevator.Id)
            .ReportByPhoneAsync(FaultCodes.TrappedPassenger, new AlarmCaller("张女士", "13800138000", null), "operator");
        opened.ShouldBeTrue();
        await Eventually.TrueAsync(async () => (await StepsAsync(alarm.Id)).Contains("FirstContacts"), Patience, "the first contacts in the outbox");

        await StopAsync();
        _time.Advance(TimeSpan.FromMinutes(5));
        cluster = await StartAsync();
        // What the host's sweeper does right after start.
        await cluster.Silos[0].ServiceProvider.GetRequiredService<DeadlineSweeper>().SweepOnceAsync();

        var deliveries = await Outbox.ListAsync(NotificationOutbox.AlarmSubject(alarm.Id), TestContext.Current.CancellationToken);
        deliveries.Where(d => d.Step == nameof(AlarmNotificationStep.NextContact)).Select(d => (d.RecipientName, d.RecipientPhone, d.Status))
            .ShouldBe([(lift.Firm.OnCall[1].Name, lift.Firm.OnCall[1].Phone, DeliveryStatus.Pending)]);
        deliveries.Count(d => d.Step == nameof(AlarmNotificationStep.FirstContacts)).ShouldBe(2, "the first step is not taken again");
        (await cluster.Client.GetGrain<IAlarmNotificationGrain>(alarm.Id).GetNextAsync())
            .ShouldBe((AlarmNotificationStep.DistrictCommandCenter, _time.GetUtcNow() + TimeSpan.FromMinutes(5)));
    }

    private async Task<IReadOnlyList<string>> StepsAsync(string alarmId) =>
        [.. (await Outbox.ListAsync(NotificationOutbox.AlarmSubject(alarmId), TestContext.Current.CancellationToken)).Select(d => d.Step)];

    /// <summary>The silo and the web tier's outbox, each new, on the data folder's files.</summary>
    private async Task<InProcessTestCluster> StartAsync()
    {
        // The webhook only: a delivery per person, left pending (nothing sends here).
        _web = await OutboxServices.StartAsync(_folder, _time, new NotificationOptions { Webhook = new RobotOptions { Url = "http://127.0.0.1:9/webhook" } });
        var outbox = _web.GetRequiredService<NotificationOutbox>();
        var builder = new InProcessTestClusterBuilder();
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddSqliteGrainStorage(StorageNames.Grains, o => o.DatabasePath = Path.Combine(_folder, "grains.db"));
            silo.Services
                .AddSingleton(new CityClock(_time))
                .AddSingleton(City)
                .AddSingleton<IElevatorPlaces>(City)
                .AddSingleton<IAlarmNotificationOutbox>(outbox)
                .AddSingleton<IElevatorHistory>(new RecordingHistory())
                .AddCommandCenterGrains();
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
        return _cluster;
    }

    private async Task StopAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
            _cluster = null;
        }

        if (_web is not null)
        {
            await _web.DisposeAsync();
            _web = null;
        }
    }
}
