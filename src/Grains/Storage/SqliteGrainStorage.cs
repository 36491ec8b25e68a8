using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace CommandCenter.Grains.Storage;

/// <summary>
/// Grain state in one SQLite file: a row per (state name, grain id) with the serialized state, an ETag and the update time.
/// Writes and clears are optimistic: a stale ETag throws <see cref="InconsistentStateException"/> and changes nothing.
/// </summary>
/// <remarks>
/// SQLite allows one writer at a time, so every write and clear goes through a queue to one connection, and whatever
/// has queued up while a transaction commits is committed together in the next one. Reads use pooled connections,
/// which WAL mode lets run alongside the writer.
/// </remarks>
public sealed partial class SqliteGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS grain_state (
            state_name      TEXT    NOT NULL,
            grain_id        TEXT    NOT NULL,
            payload         BLOB    NOT NULL,
            etag            TEXT    NOT NULL,
            updated_unix_ms INTEGER NOT NULL,
            PRIMARY KEY (state_name, grain_id)
        );
        """;

    private readonly string _name;
    private readonly string _databasePath;
    private readonly string _connectionString;
    private readonly int _maxBatchSize;
    private readonly IGrainStorageSerializer _serializer;
    private readonly IActivatorProvider _activators;
    private readonly TimeProvider _time;
    private readonly ILogger<SqliteGrainStorage> _logger;
    private readonly Channel<PendingChange> _changes = Channel.CreateUnbounded<PendingChange>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _initializeLock = new();
    private Task? _writeLoop;
    private bool _disposed;

    public SqliteGrainStorage(
        string name,
        SqliteGrainStorageOptions options,
        IGrainStorageSerializer serializer,
        IActivatorProvider activators,
        TimeProvider time,
        ILogger<SqliteGrainStorage> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DatabasePath);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchSize, 1);
        _name = name;
        _databasePath = Path.GetFullPath(options.DatabasePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
        _maxBatchSize = options.MaxBatchSize;
        _serializer = serializer;
        _activators = activators;
        _time = time;
        _logger = logger;
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(
            $"{nameof(SqliteGrainStorage)}-{_name}",
            ServiceLifecycleStage.ApplicationServices,
            _ =>
            {
                // Opening at silo start rather than on the first activation surfaces a bad path before grains run.
                EnsureInitialized();
                return Task.CompletedTask;
            });

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        // A point read by primary key takes microseconds, so it runs inline instead of hopping to another thread.
        EnsureInitialized();
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload, etag FROM grain_state WHERE state_name = $state AND grain_id = $grain";
        command.Parameters.AddWithValue("$state", stateName);
        command.Parameters.AddWithValue("$grain", grainId.ToString());
        using var reader = command.ExecuteReader();
        if (reader.Read())
        {
            grainState.State = _serializer.Deserialize<T>(new BinaryData(reader.GetFieldValue<byte[]>(0)));
            grainState.ETag = reader.GetString(1);
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = _activators.GetActivator<T>().Create();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = _serializer.Serialize(grainState.State).ToArray();

        // Random rather than a counter: a cleared row is deleted, and a counter restarting at 1 would let an ETag
        // held from before the clear match the row written after it.
        var etag = Guid.NewGuid().ToString("N");
        await EnqueueAsync(new PendingChange(stateName, grainId.ToString(), NullIfEmpty(grainState.ETag), payload, etag));
        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await EnqueueAsync(new PendingChange(stateName, grainId.ToString(), NullIfEmpty(grainState.ETag), Payload: null, NewEtag: null));
        grainState.State = _activators.GetActivator<T>().Create();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    /// <summary>Commits what is queued, then closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        Task? writeLoop;
        lock (_initializeLock)
        {
            _disposed = true;
            writeLoop = _writeLoop;
        }

        _changes.Writer.TryComplete();
        if (writeLoop is not null)
        {
            await writeLoop;
        }

        // Pooled readers would otherwise keep the file open after the provider is gone.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private static string? NullIfEmpty(string? etag) => string.IsNullOrEmpty(etag) ? null : etag;

    private Task EnqueueAsync(PendingChange change)
    {
        EnsureInitialized();
        if (!_changes.Writer.TryWrite(change))
        {
            throw new ObjectDisposedException(nameof(SqliteGrainStorage));
        }

        return change.Completion.Task;
    }

    private void EnsureInitialized()
    {
        if (Volatile.Read(ref _writeLoop) is not null && !Volatile.Read(ref _disposed))
        {
            return;
        }

        lock (_initializeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_writeLoop is not null)
            {
                return;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(_databasePath)!);
            var writer = new SqliteConnection(_connectionString);
            WriteStatements statements;
            try
            {
                writer.Open();
                Execute(writer, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
                Execute(writer, Schema);
                using var count = writer.CreateCommand();
                count.CommandText = "SELECT COUNT(*) FROM grain_state";
                LogOpened(_name, _databasePath, (long)count.ExecuteScalar()!);
                statements = new WriteStatements(writer);
            }
            catch
            {
                writer.Dispose();
                throw;
            }

            Volatile.Write(ref _writeLoop, Task.Run(() => WriteLoopAsync(writer, statements)));
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private async Task WriteLoopAsync(SqliteConnection connection, WriteStatements statements)
    {
        await using (connection)
        using (statements)
        {
            var batch = new List<PendingChange>(_maxBatchSize);
            while (await _changes.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (batch.Count < _maxBatchSize && _changes.Reader.TryRead(out var change))
                {
                    batch.Add(change);
                }

                CommitBatch(connection, statements, batch);
                batch.Clear();
            }
        }
    }

    private void CommitBatch(SqliteConnection connection, WriteStatements statements, List<PendingChange> batch)
    {
        var conflicts = new InconsistentStateException?[batch.Count];
        try
        {
            using var transaction = connection.BeginTransaction();
            statements.Enlist(transaction);
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            for (var i = 0; i < batch.Count; i++)
            {
                conflicts[i] = statements.Apply(batch[i], now);
            }

            transaction.Commit();
        }
        catch (Exception exception)
        {
            // The transaction is rolled back, so no change in it happened: each caller keeps its old ETag and may retry.
            LogCommitFailed(exception, _name, batch.Count);
            foreach (var change in batch)
            {
                change.Completion.TrySetException(exception);
            }

            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (conflicts[i] is { } conflict)
            {
                batch[i].Completion.TrySetException(conflict);
            }
            else
            {
                batch[i].Completion.TrySetResult();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Grain storage {Name}: SQLite file {Path} holds {Rows} states")]
    private partial void LogOpened(string name, string path, long rows);

    [LoggerMessage(Level = LogLevel.Error, Message = "Grain storage {Name}: a transaction of {Count} state changes failed")]
    private partial void LogCommitFailed(Exception exception, string name, int count);

    /// <summary>A write (with a payload) or a clear (without) waiting for the writer; completes once committed.</summary>
    private sealed record PendingChange(string StateName, string GrainId, string? ExpectedEtag, byte[]? Payload, string? NewEtag)
    {
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The writer's prepared statements, each checking the expected ETag in its WHERE clause.</summary>
    private sealed class WriteStatements : IDisposable
    {
        private readonly SqliteCommand _insert;
        private readonly SqliteCommand _update;
        private readonly SqliteCommand _delete;
        private readonly SqliteCommand _storedEtag;

        public WriteStatements(SqliteConnection connection)
        {
            _insert = Create(connection, """
                INSERT INTO grain_state (state_name, grain_id, payload, etag, updated_unix_ms)
                VALUES ($state, $grain, $payload, $etag, $now)
                ON CONFLICT (state_name, grain_id) DO NOTHING
                """);
            _update = Create(connection, """
                UPDATE grain_state SET payload = $payload, etag = $etag, updated_unix_ms = $now
                WHERE state_name = $state AND grain_id = $grain AND etag = $expected
                """);
            _delete = Create(connection, "DELETE FROM grain_state WHERE state_name = $state AND grain_id = $grain AND etag = $expected");
            _storedEtag = Create(connection, "SELECT etag FROM grain_state WHERE state_name = $state AND grain_id = $grain");
        }

        public void Enlist(SqliteTransaction transaction)
        {
            _insert.Transaction = _update.Transaction = _delete.Transaction = _storedEtag.Transaction = transaction;
        }

        /// <summary>Applies one change inside the open transaction; returns the conflict instead of throwing so the batch goes on.</summary>
        public InconsistentStateException? Apply(PendingChange change, long now)
        {
            var (command, operation) = (change.Payload, change.ExpectedEtag) switch
            {
                (not null, null) => (_insert, "WriteState"),
                (not null, not null) => (_update, "WriteState"),
                (null, not null) => (_delete, "ClearState"),
                (null, null) => ((SqliteCommand?)null, "ClearState"),
            };

            if (command is not null)
            {
                Bind(command, change, now);
                if (command.ExecuteNonQuery() == 1)
                {
                    return null;
                }
            }

            Bind(_storedEtag, change, now);
            var stored = (string?)_storedEtag.ExecuteScalar();
            if (command is null && stored is null)
            {
                // Clearing a state that was never written (or is already cleared) is a no-op, not a conflict.
                return null;
            }

            return new InconsistentStateException(
                $"ETag mismatch on {operation} of state '{change.StateName}' for grain {change.GrainId}: stored {stored ?? "(none)"}, expected {change.ExpectedEtag ?? "(none)"}",
                stored,
                change.ExpectedEtag);
        }

        public void Dispose()
        {
            _insert.Dispose();
            _update.Dispose();
            _delete.Dispose();
            _storedEtag.Dispose();
        }

        /// <summary>Every statement gets the same parameters; SQLite binds the ones its text names and ignores the rest.</summary>
        private static SqliteCommand Create(SqliteConnection connection, string sql)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.Add("$state", SqliteType.Text);
            command.Parameters.Add("$grain", SqliteType.Text);
            command.Parameters.Add("$payload", SqliteType.Blob);
            command.Parameters.Add("$etag", SqliteType.Text);
            command.Parameters.Add("$expected", SqliteType.Text);
            command.Parameters.Add("$now", SqliteType.Integer);
            return command;
        }

        private static void Bind(SqliteCommand command, PendingChange change, long now)
        {
            var parameters = command.Parameters;
            parameters["$state"].Value = change.StateName;
            parameters["$grain"].Value = change.GrainId;
            parameters["$payload"].Value = (object?)change.Payload ?? DBNull.Value;
            parameters["$etag"].Value = (object?)change.NewEtag ?? DBNull.Value;
            parameters["$expected"].Value = (object?)change.ExpectedEtag ?? DBNull.Value;
            parameters["$now"].Value = now;
        }
    }
}
