using CommandCenter.Hosting;
using CommandCenter.TelemetryIngest;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommandCenter.Relational;

/// <summary>
/// The one way a feature keeps relational data: its own EF Core context, on the single SQLite file
/// <see cref="SqliteFileName"/> in the data folder when one silo runs, or on the cluster's PostgreSQL
/// database in cluster mode. Each context has its own migrations (one set per engine, in a subclass
/// named for the engine) and its own history table, and is migrated once at start-up by
/// <see cref="RelationalStoreMigrator"/>.
/// </summary>
public static class RelationalStoreExtensions
{
    public const string SqliteFileName = "commandcenter.db";

    /// <param name="name">The feature's short name: its history table is <c>__{name}_migrations</c>, its log lines say it.</param>
    public static WebApplicationBuilder AddRelationalStore<TStore, TSqliteStore, TPostgresStore>(this WebApplicationBuilder builder, string name)
        where TStore : DbContext
        where TSqliteStore : TStore
        where TPostgresStore : TStore
    {
        builder.Services.AddRelationalStore<TStore, TSqliteStore, TPostgresStore>(builder.Configuration, name);
        return builder;
    }

    /// <summary>The same for a host without a web application (the <c>users</c> command).</summary>
    public static IServiceCollection AddRelationalStore<TStore, TSqliteStore, TPostgresStore>(
        this IServiceCollection services, IConfiguration configuration, string name)
        where TStore : DbContext
        where TSqliteStore : TStore
        where TPostgresStore : TStore
    {
        var historyTable = $"__{name}_migrations";
        if (EngineOf(configuration) == RelationalEngine.Postgres)
        {
            services.AddDbContext<TStore, TPostgresStore>((provider, options) => options.UseNpgsql(
                provider.GetRequiredService<IOptions<SiloOptions>>().Value.PostgresConnectionString,
                npgsql => npgsql.MigrationsHistoryTable(historyTable)));
        }
        else
        {
            services.AddDbContext<TStore, TSqliteStore>((provider, options) => options.UseSqlite(
                SqliteConnectionString(provider.GetRequiredService<IOptions<DataOptions>>().Value),
                sqlite => sqlite.MigrationsHistoryTable(historyTable)));
        }

        services.AddSingleton(new RelationalStore(name, typeof(TStore)));
        if (!services.Any(s => s.ImplementationType == typeof(RelationalStoreMigrator)))
        {
            services.AddHostedService<RelationalStoreMigrator>();
        }

        return services;
    }

    /// <summary>Cluster mode keeps everything in PostgreSQL, so every silo sees the same users and records.</summary>
    public static RelationalEngine EngineOf(IConfiguration configuration) =>
        configuration.GetSection(SiloOptions.Section).GetValue<ClusterMode>(nameof(SiloOptions.ClusterMode)) == ClusterMode.Postgres
            ? RelationalEngine.Postgres
            : RelationalEngine.Sqlite;

    public static string SqliteConnectionString(DataOptions data) => $"Data Source={data.Combine(SqliteFileName)}";
}

public enum RelationalEngine
{
    Sqlite,
    Postgres,
}

/// <summary>One feature's relational store, as registered: its name and the context type the feature uses.</summary>
public sealed record RelationalStore(string Name, Type ContextType);

/// <summary>Data a store needs before the command center serves anyone (the first users, for example); runs after every migration.</summary>
public interface IRelationalStoreSeed
{
    Task SeedAsync(IServiceProvider scopedServices, CancellationToken cancellationToken);
}
