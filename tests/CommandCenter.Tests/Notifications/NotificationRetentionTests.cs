using CommandCenter.Grains.Abstractions;
using CommandCenter.Notifications;
using CommandCenter.Notifications.Store;
using CommandCenter.Protocol;
using CommandCenter.Retention;
using CommandCenter.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace CommandCenter.Tests.Notifications;

/// <summary>
/// The outbox's retention sweep on fake time, on a SQLite file: old sent and failed deliveries go, pending and recent ones
/// stay (when it runs is the retention sweeper's, tested with every store in RetentionSweepTests).
/// </summary>
public sealed class NotificationRetentionTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan KeepDays = TimeSpan.FromDays(90);

    private readonly string _folder = Directory.CreateTempSubdirectory("notifications-").FullName;
    private readonly FakeTimeProvider _time = new(Start);
    private NotificationReceiver _receiver = default!;
    private ServiceProvider _services = default!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private NotificationOutbox Outbox => _services.GetRequiredService<NotificationOutbox>();

    private NotificationSender Sender => _services.GetRequiredService<NotificationSender>();

    private NotificationOutboxSweep Sweep => _services.GetRequiredService<NotificationOutboxSweep>();

    public async ValueTask InitializeAsync()
    {
        _receiver = await NotificationReceiver.StartAsync();
        _services = await OutboxServices.StartAsync(_folder, _time, new NotificationOptions { Webhook = new RobotOptions { Url = $"{_receiver.Url}/webhook" }, MaxAttempts = 1 });
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _receiver.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Prune_SentAndFailedPastTheRetention_AreDeletedPendingAndRecentOnesKept()
    {
        _receiver.FailNext("/webhook", 1);
        await Outbox.EnqueueAsync(Notice("old"), Cancel);
        (await Sender.SendDueAsync(Cancel)).ShouldBe(2);
        await using (var scope = _services.CreateAsyncScope())
        {
            // A delivery still waiting for its next attempt is kept however old.
            var store = scope.ServiceProvider.GetRequiredService<NotificationStore>();
            store.Deliveries.Add(Delivery("stuck", Start, DeliveryStatus.Pending, nextAttempt: Start + TimeSpan.FromDays(1000)));
            await store.SaveChangesAsync(Cancel);
        }

        _time.Advance(TimeSpan.FromDays(10));
        await Outbox.EnqueueAsync(Notice("recent"), Cancel);
        await Sender.SendDueAsync(Cancel);
        (await StatusesAsync("old")).Order().ShouldBe([DeliveryStatus.Sent, DeliveryStatus.Failed]);

        _time.Advance(KeepDays - TimeSpan.FromDays(10));
        var atTheLimit = await SweepNowAsync();
        _time.Advance(TimeSpan.FromSeconds(1));
        var pastTheLimit = await SweepNowAsync();

        (atTheLimit.Removed, pastTheLimit.Removed).ShouldBe((0, 2));
        pastTheLimit.OldestKept.ShouldBe(Start, "the stuck delivery, created at the start");
        (await StatusesAsync("old")).ShouldBeEmpty();
        (await StatusesAsync("recent")).ShouldBe([DeliveryStatus.Sent, DeliveryStatus.Sent], "the desk still shows what is within the retention");
        (await StatusesAsync("stuck")).ShouldBe([DeliveryStatus.Pending]);
    }

    [Fact]
    public async Task Sweep_MoreThanABatchPastTheRetention_RemovesThemAllAndKeepsTheYoungOne()
    {
        await using (var scope = _services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<NotificationStore>();
            store.Deliveries.AddRange(Enumerable.Range(0, RetentionSweeper.BatchSize * 2 + 7).Select(i => Delivery($"ancient-{i}", Start - KeepDays - TimeSpan.FromDays(1))));
            store.Deliveries.Add(Delivery("young", Start - KeepDays + TimeSpan.FromMinutes(30)));
            await store.SaveChangesAsync(Cancel);
        }

        var swept = await SweepNowAsync();

        swept.Removed.ShouldBe(RetentionSweeper.BatchSize * 2 + 7);
        (await CountAsync()).ShouldBe(1);
        (await StatusesAsync("young")).ShouldBe([DeliveryStatus.Sent]);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(0)]
    public async Task Options_KeepDaysUnderAWeek_AreRefusedAtStart(int days)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Notifications:KeepDays"] = $"{days}" }).Build());
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateDataAnnotations();
        await using var provider = services.BuildServiceProvider();

        var refused = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IOptions<NotificationOptions>>().Value);

        refused.Message.ShouldContain("Notifications:KeepDays must be between 7 and 3650");
    }

    private static AlarmNotice Notice(string alarm) => new(
        alarm, "EL-0001", "银川市兴庆区解放东街1号", FaultCodes.TrappedPassenger, "trapped passenger", AlarmSource.Device, "640104", AlarmNotificationStep.FirstContacts,
        [new NotifiedPerson(NotifiedRole.FirmOnCall, "王师傅", "13800000011"), new NotifiedPerson(NotifiedRole.SafetyOfficer, "李安", "13800000012")], Start);

    private static OutboxDelivery Delivery(string key, DateTimeOffset lastAttempt, DeliveryStatus status = DeliveryStatus.Sent, DateTimeOffset? nextAttempt = null) => new()
    {
        Key = key,
        Subject = NotificationOutbox.AlarmSubject(key),
        Step = nameof(AlarmNotificationStep.FirstContacts),
        Channel = "webhook",
        CreatedAt = lastAttempt.UtcDateTime,
        LastAttemptAt = lastAttempt.UtcDateTime,
        Status = status,
        NextAttemptAt = nextAttempt?.UtcDateTime,
        Attempts = 1,
    };

    private async Task<List<DeliveryStatus>> StatusesAsync(string alarm) =>
        [.. (await Outbox.ListAsync(NotificationOutbox.AlarmSubject(alarm), Cancel)).Select(d => d.Status)];

    private async Task<SweepResult> SweepNowAsync() =>
        (await Sweep.SweepAsync(_time.GetUtcNow() - Sweep.Setting.Keep, Cancel)).ShouldNotBeNull();

    private async Task<int> CountAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        return scope.ServiceProvider.GetRequiredService<NotificationStore>().Deliveries.Count();
    }
}
