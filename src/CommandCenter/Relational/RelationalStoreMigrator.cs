using CommandCenter.TelemetryIngest;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommandCenter.Relational;

/// <summary>
/// Brings every feature's store to its newest schema before the web server takes a request, then
/// runs the seeds. EF Core's <c>Migrate</c> takes a database-wide lock (a lock table on SQLite, an
/// advisory lock on PostgreSQL), so silos starting together migrate one after another, not twice.
/// </summary>
public sealed class RelationalStoreMigrator(
    IServiceProvider services, IEnumerable<RelationalStore> stores, IEnumerable<IRelationalStoreSeed> seeds, ILogger<RelationalStoreMigrator> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await MigrateAllAsync(services, stores, logger, cancellationToken);
        await using var scope = services.CreateAsyncScope();
        foreach (var seed in seeds)
        {
            await seed.SeedAsync(scope.ServiceProvider, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Also what the <c>migrate</c> and <c>users</c> commands run before they touch a store.</summary>
    public static async Task MigrateAllAsync(IServiceProvider services, IEnumerable<RelationalStore> stores, ILogger logger, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        foreach (var store in stores)
        {
            var context = (DbContext)scope.ServiceProvider.GetRequiredService(store.ContextType);
            if (context.Database.IsSqlite())
            {
                PrepareSqliteFile(scope.ServiceProvider.GetRequiredService<IOptions<DataOptions>>().Value);
            }

            var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count == 0)
            {
                logger.LogInformation("{Store} store is up to date ({Engine})", store.Name, context.Database.ProviderName);
                continue;
            }

            logger.LogInformation("{Store} store: applying {Count} migration(s): {Migrations}", store.Name, pending.Count, string.Join(", ", pending));
            await context.Database.MigrateAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The data folder exists and the file is in WAL mode (kept in the file), so readers never wait
    /// for a writer; the file is readable by its owner only, since it holds password hashes.
    /// </summary>
    private static void PrepareSqliteFile(DataOptions data)
    {
        Directory.CreateDirectory(data.FullPath);
        var path = data.Combine(RelationalStoreExtensions.SqliteFileName);
        using (var connection = new SqliteConnection(RelationalStoreExtensions.SqliteConnectionString(data)))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode = WAL";
            command.ExecuteNonQuery();
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
