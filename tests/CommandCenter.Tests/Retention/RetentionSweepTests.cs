using System.Threading.Channels;
using CommandCenter.Audit;
using CommandCenter.Audit.Store;
using CommandCenter.Elevators;
using CommandCenter.Elevators.History;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Notifications;
using CommandCenter.Notifications.Store;
using CommandCenter.Retention;
using CommandCenter.TelemetryIngest;
using CommandCenter.TelemetryIngest.Broker.Listener;
using CommandCenter.TelemetryIngest.DeadLetters;
using CommandCenter.TelemetryIngest.Storage;
using CommandCenter.TelemetryIngest.Validation;
using CommandCenter.Tests.Relational;
using CommandCenter.Tickets;
using CommandCenter.Tickets.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace CommandCenter.Tests.Retention;

/// <summary>
/// Each store's retention on fake time, on the SQLite stores and the dead-letter file the server uses, in a
/// temporary data folder: what is past its store's setting is removed, what is younger stays, and
/// <see cref="RetentionStatus"/> says so.
/// </summary>
public sealed class RetentionSweepTests() : StoreTests(Directory.CreateTempSubdirectory("cc-retention-").FullName)
{
    private static readonly DateTimeOffset Now = new(2031, 6, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly DateTimeOffset RawShard = Now.AddDays(-2).AddHours(1);
    private readonly FakeTimeProvider _time = new(Now.AddYears(-10));
    private readonly Channel<DateTimeOffset> _rounds = Channel.CreateUnbounded<DateTimeOffset>();

    protected override ServiceProvider BuildServices() => ServicesWith(
        ("DeadLetters:KeepDays", "30"), ("ElevatorHistory:KeepDays", "365"), ("Tickets:ArchiveKeepDays", "400"), ("Audit:RetentionDays", "180"), ("Notifications:KeepDays", "7"));

    [Fact]
    public async Task Sweep_ItemsPastTheirStoresRetention_AreRemovedAndYoungerOnesKept()
    {
        // The clock moves forward only: the stores that take their time from it come first.
        await AddAuditEntryAsync("old", Now - TimeSpan.FromDays(180) - Second);
        await AddAuditEntryAsync("young", Now - TimeSpan.FromDays(180) + Second);
        await AddDeadLetterAsync(Now - TimeSpan.FromDays(30) - Second, "old");
        await AddDeadLetterAsync(Now - TimeSpan.FromDays(30) + Second, "young");
        await AddHistoryAsync("old", Now - TimeSpan.FromDays(365) - Second);
        await AddHistoryAsync("young", Now - TimeSpan.FromDays(365) + Second);
        await AddTicketAsync("old", Now - TimeSpan.FromDays(400) - Second);
        await AddTicketAsync("young", Now - TimeSpan.FromDays(400) + Second);
        await AddDeliveryAsync("old", Now - TimeSpan.FromDays(7) - Second);
        await AddDeliveryAsync("young", Now - TimeSpan.FromDays(7) + Second);
        _time.SetUtcNow(Now);

        await Sweeper.SweepAllAsync(Ct);

        DeadLetters.Newest(10).Select(letter => letter.Detail).ShouldBe(["young"]);
        await using var scope = Services.CreateAsyncScope();
        var history = scope.ServiceProvider.GetRequiredService<ElevatorHistoryStore>();
        (await history.DutyRecords.Select(r => r.SubjectId).ToListAsync(Ct)).ShouldBe(["young"]);
        (await history.Alarms.Select(a => a.ElevatorId).ToListAsync(Ct)).ShouldBe(["young"]);
        var archive = scope.ServiceProvider.GetRequiredService<TicketArchiveStore>();
        (await archive.Tickets.Select(t => t.Id).ToListAsync(Ct)).ShouldBe(["young"]);
        (await archive.Set<ArchivedTicketArea>().Select(a => a.TicketId).ToListAsync(Ct)).ShouldBe(["young"]);
        (await scope.ServiceProvider.GetRequiredService<AuditStore>().Entries.Select(e => e.Target).ToListAsync(Ct)).ShouldBe(["young"]);
        (await scope.ServiceProvider.GetRequiredService<NotificationStore>().Deliveries.Select(d => d.Key).ToListAsync(Ct)).ShouldBe(["young"]);
        Status.Stores.ShouldBe(
        [
            new StoreRetention("audit", "Audit:RetentionDays", TimeSpan.FromDays(180), Now - TimeSpan.FromDays(180) + Second, Now, 1),
            new StoreRetention("dead-letters", "DeadLetters:KeepDays", TimeSpan.FromDays(30), Now - TimeSpan.FromDays(30) + Second, Now, 1),
            new StoreRetention("elevator-history", "ElevatorHistory:KeepDays", TimeSpan.FromDays(365), Now - TimeSpan.FromDays(365) + Second, Now, 2),
            new StoreRetention("notifications", "Notifications:KeepDays", TimeSpan.FromDays(7), Now - TimeSpan.FromDays(7) + Second, Now, 1),
            new StoreRetention("ticket-archive", "Tickets:ArchiveKeepDays", TimeSpan.FromDays(400), Now - TimeSpan.FromDays(400) + Second, Now, 1),
            new StoreRetention("time-series-raw", "TimeSeries:RawRetention", TimeSpan.FromDays(2), RawShard, Now, null),
            new StoreRetention("time-series-rollups", "TimeSeries:RollupRetention", TimeSpan.FromDays(30), null, Now, null),
        ]);
    }

    [Fact]
    public async Task Sweep_NothingPastItsRetention_RemovesNothing()
    {
        await AddDeadLetterAsync(Now - TimeSpan.FromDays(29), "young");
        await AddHistoryAsync("young", Now - TimeSpan.FromDays(364));
        _time.SetUtcNow(Now);

        await Sweeper.SweepAllAsync(Ct);

        Status.Stores.Where(s => s.Removed is not null).Select(s => (s.Store, s.Removed)).ShouldBe(
            [("audit", 0L), ("dead-letters", 0L), ("elevator-history", 0L), ("notifications", 0L), ("ticket-archive", 0L)]);
        Status.Stores.Single(s => s.Store == "ticket-archive").OldestKept.ShouldBeNull();
        DeadLetters.Newest(10).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Sweeper_Running_SweepsAtStartThenEveryIntervalOnItsClock()
    {
        var half = RetentionSweeper.Interval / 2;
        await AddDeadLetterAsync(Now - TimeSpan.FromDays(30) + half, "old within the hour");
        _time.SetUtcNow(Now);
        var hosted = Services.GetServices<IHostedService>().OfType<RetentionSweeper>().ShouldHaveSingleItem();

        await hosted.StartAsync(Ct);
        try
        {
            (await _rounds.Reader.ReadAsync(Ct)).ShouldBe(Now);
            DeadLetters.Newest(10).ShouldHaveSingleItem();

            _time.Advance(RetentionSweeper.Interval);

            (await _rounds.Reader.ReadAsync(Ct)).ShouldBe(Now + RetentionSweeper.Interval);
            DeadLetters.Newest(10).ShouldBeEmpty();
            Status.Stores.Single(s => s.Store == "dead-letters").ShouldBe(new StoreRetention(
                "dead-letters", "DeadLetters:KeepDays", TimeSpan.FromDays(30), null, Now + RetentionSweeper.Interval, 1));
        }
        finally
        {
            await hosted.StopAsync(Ct);
        }
    }

    [Theory]
    [InlineData("ElevatorHistory:KeepDays", "364", "ElevatorHistory:KeepDays must be between 365 and 36500")]
    [InlineData("Tickets:ArchiveKeepDays", "100", "Tickets:ArchiveKeepDays must be between 365 and 36500")]
    [InlineData("DeadLetters:KeepDays", "0", "DeadLetters:KeepDays must be between 1 and 3650")]
    [InlineData("Audit:RetentionDays", "179", "Audit:RetentionDays must be between 180 and 36500")]
    [InlineData("Audit:RetentionDays", "-1", "Audit:RetentionDays must be between 180 and 36500")]
    [InlineData("Notifications:KeepDays", "6", "Notifications:KeepDays must be between 7 and 3650")]
    public async Task Options_BelowTheirMinimum_AreRefusedNamingTheSetting(string setting, string value, string message)
    {
        await using var services = ServicesWith((setting, value));

        var refused = Should.Throw<OptionsValidationException>(() => services.GetServices<IRetentionSweep>().Select(sweep => sweep.Setting).ToList());

        refused.Message.ShouldContain(message);
    }

    [Fact]
    public async Task Options_NotConfigured_KeepDeadLettersAMonthTheAuditLog400DaysAndRecordsAndWorkOrdersFiveYears()
    {
        await using var services = ServicesWith();

        services.GetServices<IRetentionSweep>().Where(sweep => sweep is not RoundSignal)
            .Select(sweep => (sweep.Setting.Key, sweep.Setting.Keep.TotalDays)).ShouldBe(
        [
            ("DeadLetters:KeepDays", 30),
            ("ElevatorHistory:KeepDays", 1826),
            ("Tickets:ArchiveKeepDays", 1826),
            ("Audit:RetentionDays", 400),
            ("Notifications:KeepDays", 90),
            ("TimeSeries:RawRetention", 2),
            ("TimeSeries:RollupRetention", 30),
        ]);
    }

    private RetentionSweeper Sweeper => Services.GetRequiredService<RetentionSweeper>();

    private RetentionStatus Status => Services.GetRequiredService<RetentionStatus>();

    private DeadLetterStore DeadLetters => Services.GetRequiredService<DeadLetterStore>();

    private async Task AddDeadLetterAsync(DateTimeOffset at, string detail)
    {
        _time.SetUtcNow(at);
        await DeadLetters.AddAsync(DecodeResult.Reject(RejectReason.BadJson, detail), "cc/v1/elevators/EL-1/status", "EL-1", "{"u8);
    }

    private async Task AddHistoryAsync(string subject, DateTimeOffset at)
    {
        await using var scope = Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ElevatorHistoryStore>();
        store.DutyRecords.Add(new KeptDutyRecord { Key = $"daily/{subject}", Kind = DutyRecordKind.Daily, SubjectId = subject, DeviceId = "APP-1", FiledAt = at.UtcDateTime, Period = "2030-01-01" });
        store.Alarms.Add(new KeptAlarm { Id = $"alarm-{subject}", ElevatorId = subject, Code = "02", Status = "completed", Source = "device", OccurredAt = at.UtcDateTime, ClosedAt = at.UtcDateTime });
        await store.SaveChangesAsync(Ct);
    }

    private async Task AddAuditEntryAsync(string target, DateTimeOffset at)
    {
        _time.SetUtcNow(at);
        await Services.GetRequiredService<AuditLog>().RecordAsync(new AuditActor("operator", "operator", "127.0.0.1"), AuditActions.SignIn, target);
    }

    private async Task AddDeliveryAsync(string key, DateTimeOffset lastAttempt)
    {
        await using var scope = Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<NotificationStore>();
        store.Deliveries.Add(new OutboxDelivery
        {
            Key = key,
            Subject = NotificationOutbox.AlarmSubject(key),
            Step = "FirstContacts",
            Channel = "webhook",
            CreatedAt = lastAttempt.UtcDateTime,
            LastAttemptAt = lastAttempt.UtcDateTime,
            Status = DeliveryStatus.Sent,
            Attempts = 1,
        });
        await store.SaveChangesAsync(Ct);
    }

    private async Task AddTicketAsync(string id, DateTimeOffset finishedAt)
    {
        await using var scope = Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<TicketArchiveStore>();
        store.Tickets.Add(new ArchivedTicket
        {
            Id = id,
            IdKey = id,
            Category = "c01",
            Status = TicketStatus.Closed,
            ReportedAt = finishedAt.AddDays(-1),
            FinishedAt = finishedAt,
            Areas = [new ArchivedTicketArea { TicketId = id, AreaKey = "city" }],
        });
        await store.SaveChangesAsync(Ct);
    }

    private ServiceProvider ServicesWith(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        services.Configure<DataOptions>(data => data.Path = DataFolder);
        services.AddOptions<MqttListenerOptions>();
        services.AddOptions<TimeSeriesRetentionOptions>();
        services.AddSingleton<DeadLetterStore>();
        services.AddElevatorHistoryStore(configuration);
        services.AddTicketArchiveStore(configuration);
        services.AddAuditLog(configuration);
        services.AddNotificationStore(configuration);
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateDataAnnotations();
        services.AddSingleton<ITimeSeriesStore>(new RetentionOnlySeries());
        services.AddRetention();
        // Last, so a round it sees has swept every store.
        services.AddSingleton<IRetentionSweep>(new RoundSignal(_rounds.Writer, _time));
        return services.BuildServiceProvider();
    }

    /// <summary>InfluxDB as the 1.x store reports it: raw points back to a shard two days old, no rollups yet.</summary>
    private sealed class RetentionOnlySeries : ITimeSeriesStore
    {
        public Task<IReadOnlyList<SeriesRetention>> ReadRetentionAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<SeriesRetention>>(
                [new(InfluxRollups.RawPolicy, TimeSpan.FromDays(2), RawShard), new(InfluxRollups.RollupPolicy, TimeSpan.FromDays(30), null)]);

        public Task EnsureReadyAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task WriteAsync(IReadOnlyList<string> lines, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> PingAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<ElevatorHistoryPoint>> ReadElevatorHistoryAsync(string deviceId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }

    /// <summary>Tells the test when a round reached it, so the test waits on the round, not on a clock.</summary>
    private sealed class RoundSignal(ChannelWriter<DateTimeOffset> rounds, TimeProvider time) : IRetentionSweep
    {
        public RetentionSetting Setting => new("round-signal", "", TimeSpan.Zero);

        public async Task<SweepResult?> SweepAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
        {
            await rounds.WriteAsync(time.GetUtcNow(), cancellationToken);
            return null;
        }
    }
}
