using CommandCenter.Relational;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommandCenter.Tests.Relational;

/// <summary>
/// Tests of a feature on the real SQLite stores the server uses, in a data folder of the test's own:
/// every store the services name is migrated before each test, and the folder deleted after it.
/// </summary>
public abstract class StoreTests(string dataFolder) : IAsyncLifetime
{
    protected string DataFolder { get; } = dataFolder;

    protected ServiceProvider Services { get; private set; } = default!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public virtual async ValueTask InitializeAsync()
    {
        Services = BuildServices();
        await RelationalStoreMigrator.MigrateAllAsync(Services, Services.GetServices<RelationalStore>(), NullLogger.Instance, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        // Pooled connections would keep the database files open.
        SqliteConnection.ClearAllPools();
        Directory.Delete(DataFolder, recursive: true);
    }

    /// <summary>The services under test, on <see cref="DataFolder"/>.</summary>
    protected abstract ServiceProvider BuildServices();
}
