using System.Collections.Immutable;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Hosting;
using CommandCenter.Relational;
using CommandCenter.TelemetryIngest;
using CommandCenter.Tickets;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommandCenter.Tests.Tickets;

/// <summary>
/// The product's ticket archive on a store of its own, migrated as at start-up: SQLite in a temporary data folder
/// (deleted on dispose) or a PostgreSQL database. Test silos are given it as their <see cref="ITicketArchive"/>;
/// <see cref="Unavailable"/> makes every call fail as a store that is down would, until it is set back.
/// </summary>
public sealed class TestTicketArchive : ITicketArchive, IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly ITicketArchive _archive;
    private readonly string? _folder;

    private TestTicketArchive(ServiceProvider services, string? folder)
    {
        _services = services;
        _archive = services.GetRequiredService<ITicketArchive>();
        _folder = folder;
    }

    public bool Unavailable { get; set; }

    public static Task<TestTicketArchive> StartSqliteAsync()
    {
        var folder = Directory.CreateTempSubdirectory("cc-ticket-archive-").FullName;
        return StartAsync(new() { [$"{DataOptions.Section}:{nameof(DataOptions.Path)}"] = folder }, folder);
    }

    public static Task<TestTicketArchive> StartPostgresAsync(string connectionString) =>
        StartAsync(
            new()
            {
                [$"{SiloOptions.Section}:{nameof(SiloOptions.ClusterMode)}"] = nameof(ClusterMode.Postgres),
                [$"{SiloOptions.Section}:{nameof(SiloOptions.PostgresConnectionString)}"] = connectionString,
            },
            folder: null);

    public Task SaveAsync(TicketDetails ticket, CancellationToken cancellationToken = default) =>
        Available().SaveAsync(ticket, cancellationToken);

    public Task RemoveAsync(string id, CancellationToken cancellationToken = default) =>
        Available().RemoveAsync(id, cancellationToken);

    public Task<TicketDetails?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        Available().FindAsync(id, cancellationToken);

    public Task<TicketPage> QueryAsync(TicketQuery query, DateTimeOffset finishedUpTo, ImmutableArray<string> excluding, CancellationToken cancellationToken = default) =>
        Available().QueryAsync(query, finishedUpTo, excluding, cancellationToken);

    public Task<TicketKpis> KpisAsync(TicketQuery query, DateTimeOffset finishedUpTo, ImmutableArray<string> excluding, CancellationToken cancellationToken = default) =>
        Available().KpisAsync(query, finishedUpTo, excluding, cancellationToken);

    public Task<ImmutableDictionary<string, TicketKpis>> KpisByAreaAsync(
        TicketQuery query, ImmutableArray<string> areaKeys, DateTimeOffset finishedUpTo, ImmutableArray<string> excluding, CancellationToken cancellationToken = default) =>
        Available().KpisByAreaAsync(query, areaKeys, finishedUpTo, excluding, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (_folder is not null)
        {
            // Pooled connections would keep the database file open.
            SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static async Task<TestTicketArchive> StartAsync(Dictionary<string, string?> settings, string? folder)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging();
        services.AddOptions<DataOptions>().BindConfiguration(DataOptions.Section);
        services.AddOptions<SiloOptions>().BindConfiguration(SiloOptions.Section);
        services.AddTicketArchive(configuration);
        var provider = services.BuildServiceProvider();
        await RelationalStoreMigrator.MigrateAllAsync(provider, provider.GetServices<RelationalStore>(), NullLogger.Instance, CancellationToken.None);
        return new TestTicketArchive(provider, folder);
    }

    private ITicketArchive Available() => Unavailable ? throw new InvalidOperationException("The ticket archive is unavailable (test).") : _archive;
}
