using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace CommandCenter.Grains.Storage;

/// <summary>Registers <see cref="SqliteGrainStorage"/> with a silo.</summary>
public static class SqliteGrainStorageExtensions
{
    /// <summary>
    /// Adds a grain storage provider named <paramref name="name"/> that keeps state in a SQLite file.
    /// State is serialized with an <see cref="IGrainStorageSerializer"/> registered under the same key if there is one,
    /// otherwise with Orleans' own binary serializer.
    /// </summary>
    /// <remarks>
    /// The silo's unkeyed default serializer is Newtonsoft JSON with a type allow-list, which cannot read back
    /// compiler-generated collection types (an <c>IReadOnlyList&lt;T&gt;</c> built with <c>[x]</c>); the binary
    /// serializer handles every <c>[GenerateSerializer]</c> type and tolerates added or removed <c>[Id]</c> members.
    /// </remarks>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, Action<SqliteGrainStorageOptions> configure)
    {
        builder.Services.AddOptions<SqliteGrainStorageOptions>(name)
            .Configure(configure)
            .Validate(o => !string.IsNullOrWhiteSpace(o.DatabasePath), $"Grain storage '{name}' needs a {nameof(SqliteGrainStorageOptions.DatabasePath)}.")
            .Validate(o => o.MaxBatchSize > 0, $"Grain storage '{name}' needs a positive {nameof(SqliteGrainStorageOptions.MaxBatchSize)}.");
        builder.Services.AddGrainStorage(name, static (services, key) => new SqliteGrainStorage(
            key,
            services.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(key),
            services.GetKeyedService<IGrainStorageSerializer>(key) ?? new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>()),
            services.GetRequiredService<IActivatorProvider>(),
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetRequiredService<ILogger<SqliteGrainStorage>>()));
        return builder;
    }
}
