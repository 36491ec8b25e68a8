using Npgsql;

namespace CommandCenter.Cluster;

/// <summary>
/// Creates the PostgreSQL schema that the Orleans ADO.NET clustering, persistence and reminder providers
/// need (our own scripts in <c>Cluster/Sql</c>, embedded in this assembly) before the silo starts.
/// </summary>
/// <remarks>
/// The scripts run in one transaction that first takes a transaction-scoped advisory lock, so silos
/// starting together apply them once: the others wait for the lock, then find the revision recorded in
/// <c>cc_cluster_schema</c> and change nothing. DDL is transactional in PostgreSQL, so a failed start
/// leaves no half-made schema behind.
/// </remarks>
public static class PostgresClusterSchema
{
    /// <summary>The revision of the scripts; raise it when a script changes so existing databases get the change.</summary>
    public const int Revision = 1;

    /// <summary>Script names in the order they run (the query table comes first).</summary>
    public static IReadOnlyList<string> Scripts { get; } = ["01-main.sql", "02-clustering.sql", "03-persistence.sql", "04-reminders.sql", "05-dataprotection.sql"];

    // Any constant works as long as nothing else in the database uses it; this one spells "CCSCHEMA".
    private const long AdvisoryLockKey = 0x4343534348454D41;

    /// <summary>Applies the scripts unless the database already has <see cref="Revision"/>; safe to call from several silos at once.</summary>
    public static async Task EnsureAsync(string connectionString, ILogger logger, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", AdvisoryLockKey);
            await lockCommand.ExecuteNonQueryAsync(ct);
        }

        var found = await RecordedRevisionAsync(connection, transaction, ct);
        if (found >= Revision)
        {
            await transaction.CommitAsync(ct);
            logger.LogInformation(
                "Cluster schema: PostgreSQL database {Database} already has revision {Revision}; nothing to do", connection.Database, found);
            return;
        }

        foreach (var script in Scripts)
        {
            await using var command = new NpgsqlCommand(ReadScript(script), connection, transaction);
            await command.ExecuteNonQueryAsync(ct);
        }

        await using (var record = new NpgsqlCommand("INSERT INTO cc_cluster_schema (revision) VALUES (@revision)", connection, transaction))
        {
            record.Parameters.AddWithValue("revision", Revision);
            await record.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        logger.LogInformation(
            "Cluster schema: applied revision {Revision} ({Scripts}) to PostgreSQL database {Database}{Previous}",
            Revision,
            string.Join(", ", Scripts),
            connection.Database,
            found is null ? "" : $" (was revision {found})");
    }

    /// <summary>The text of one embedded script, e.g. <c>02-clustering.sql</c>.</summary>
    public static string ReadScript(string name)
    {
        using var stream = typeof(PostgresClusterSchema).Assembly.GetManifestResourceStream($"Cluster.Sql.{name}")
            ?? throw new InvalidOperationException($"Cluster schema script {name} is not embedded in {typeof(PostgresClusterSchema).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The highest revision recorded, or null on a database that has never had the schema.</summary>
    private static async Task<int?> RecordedRevisionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        // The marker table is itself created by the first script, so ask the catalog before querying it.
        await using var exists = new NpgsqlCommand("SELECT to_regclass('cc_cluster_schema') IS NOT NULL", connection, transaction);
        if (await exists.ExecuteScalarAsync(ct) is not true)
        {
            return null;
        }

        await using var max = new NpgsqlCommand("SELECT max(revision) FROM cc_cluster_schema", connection, transaction);
        return await max.ExecuteScalarAsync(ct) is int revision ? revision : null;
    }
}
