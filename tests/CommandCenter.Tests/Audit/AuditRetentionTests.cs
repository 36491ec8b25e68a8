using CommandCenter.Audit;
using CommandCenter.Audit.Store;
using CommandCenter.Relational;
using CommandCenter.TelemetryIngest;
using CommandCenter.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace CommandCenter.Tests.Audit;

/// <summary>The audit log's retention on fake time, on the SQLite store as the server registers it, in a temporary data folder.</summary>
public sealed class AuditRetentionTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly AuditActor Someone = new("operator", "operator", "127.0.0.1");
    private readonly FakeTimeProvider _time = new(T0);
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("cc-audit-").FullName;
    private ServiceProvider _services = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _services = Services(retentionDays: 400);
        await RelationalStoreMigrator.MigrateAllAsync(_services, _services.GetServices<RelationalStore>(), NullLogger.Instance, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataFolder, recursive: true);
    }

    [Fact]
    public async Task Purge_EntryOlderThanTheRetention_IsDeletedAndYoungerOnesKept()
    {
        await RecordAsync("old");
        _time.Advance(TimeSpan.FromDays(200));
        await RecordAsync("young");

        _time.Advance(TimeSpan.FromDays(200));
        var atTheLimit = await Retention.PurgeAsync(Ct);
        _time.Advance(TimeSpan.FromSeconds(1));
        var pastTheLimit = await Retention.PurgeAsync(Ct);

        atTheLimit.ShouldBe(0);
        pastTheLimit.ShouldBe(1);
        (await TargetsAsync()).ShouldBe(["young"]);
    }

    [Fact]
    public async Task Service_Running_PurgesAtStartThenOnItsDailyTick()
    {
        await RecordAsync("ancient");
        _time.Advance(TimeSpan.FromDays(401));
        await RecordAsync("recent");

        await Retention.StartAsync(Ct);
        try
        {
            await Eventually.TrueAsync(async () => (await TargetsAsync()).SequenceEqual(["recent"]), TimeSpan.FromSeconds(10), "the purge at start");
            _time.Advance(TimeSpan.FromDays(400));
            (await TargetsAsync()).ShouldBe(["recent"]);
            await Eventually.TrueAsync(
                async () =>
                {
                    _time.Advance(AuditRetention.Interval);
                    return (await TargetsAsync()).Count == 0;
                },
                TimeSpan.FromSeconds(10),
                "a daily purge");
        }
        finally
        {
            await Retention.StopAsync(Ct);
        }
    }

    [Theory]
    [InlineData(179)]
    [InlineData(-1)]
    public async Task Options_RetentionUnder180Days_AreRefused(int days)
    {
        await using var services = Services(days);

        var refused = Should.Throw<OptionsValidationException>(() => services.GetRequiredService<IOptions<AuditOptions>>().Value);

        refused.Message.ShouldContain("Audit:RetentionDays must be between 180 and 36500");
    }

    [Fact]
    public async Task Options_NotConfigured_Keep400Days()
    {
        await using var services = Services(retentionDays: null);

        services.GetRequiredService<IOptions<AuditOptions>>().Value.RetentionDays.ShouldBe(400);
    }

    private AuditRetention Retention => _services.GetRequiredService<AuditRetention>();

    private Task RecordAsync(string target) => _services.GetRequiredService<AuditLog>().RecordAsync(Someone, AuditActions.SignIn, target);

    private ServiceProvider Services(int? retentionDays)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(retentionDays is { } days ? [new("Audit:RetentionDays", days.ToString(System.Globalization.CultureInfo.InvariantCulture))] : [])
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        services.Configure<DataOptions>(data => data.Path = _dataFolder);
        services.AddAuditLog(configuration);
        services.AddAuditRetention();
        return services.BuildServiceProvider();
    }

    private async Task<List<string?>> TargetsAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AuditStore>().Entries.OrderBy(e => e.Id).Select(e => e.Target).ToListAsync(Ct);
    }
}
