using CommandCenter.Audit;
using CommandCenter.Audit.Store;
using CommandCenter.TelemetryIngest;
using CommandCenter.Testing;
using CommandCenter.Tests.Relational;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace CommandCenter.Tests.Audit;

/// <summary>The audit log's retention on fake time, on the SQLite store as the server registers it, in a temporary data folder.</summary>
public sealed class AuditRetentionTests() : StoreTests(Directory.CreateTempSubdirectory("cc-audit-").FullName)
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly AuditActor Someone = new("operator", "operator", "127.0.0.1");
    private readonly FakeTimeProvider _time = new(T0);

    protected override ServiceProvider BuildServices() => ServicesKeeping(retentionDays: 400);

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
        await using var services = ServicesKeeping(days);

        var refused = Should.Throw<OptionsValidationException>(() => services.GetRequiredService<IOptions<AuditOptions>>().Value);

        refused.Message.ShouldContain("Audit:RetentionDays must be between 180 and 36500");
    }

    [Fact]
    public async Task Options_NotConfigured_Keep400Days()
    {
        await using var services = ServicesKeeping(retentionDays: null);

        services.GetRequiredService<IOptions<AuditOptions>>().Value.RetentionDays.ShouldBe(400);
    }

    private AuditRetention Retention => Services.GetRequiredService<AuditRetention>();

    private Task RecordAsync(string target) => Services.GetRequiredService<AuditLog>().RecordAsync(Someone, AuditActions.SignIn, target);

    private ServiceProvider ServicesKeeping(int? retentionDays)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(retentionDays is { } days ? [new("Audit:RetentionDays", days.ToString(System.Globalization.CultureInfo.InvariantCulture))] : [])
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        services.Configure<DataOptions>(data => data.Path = DataFolder);
        services.AddAuditLog(configuration);
        services.AddAuditRetention();
        return services.BuildServiceProvider();
    }

    private async Task<List<string?>> TargetsAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AuditStore>().Entries.OrderBy(e => e.Id).Select(e => e.Target).ToListAsync(Ct);
    }
}
