using System.Collections.Concurrent;
using CommandCenter.Plumbing;
using CommandCenter.TelemetryIngest.Broker.Listener;
using CommandCenter.TelemetryIngest.Journal;
using CommandCenter.TelemetryIngest.Validation;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommandCenter.TelemetryIngest.DeadLetters;

/// <summary>
/// Every refused message, persisted in SQLite under the data folder (newest <see cref="Capacity"/>
/// kept, counts per reason kept forever). Writes are group-committed; a refused publisher waits
/// for its own dead letter only, so bad traffic never slows valid traffic. Logging is throttled
/// per reason so a misbehaving device cannot flood the log.
/// </summary>
/// <remarks>
/// Refused connections go on a shelf of their own (<see cref="ConnectionCapacity"/>), sampled per
/// reason and second: anyone on the network can cause them, so they must never evict what
/// signed-in devices sent. Every refusal is counted either way.
/// </remarks>
public sealed class DeadLetterStore : IAsyncDisposable
{
    public const int Capacity = 100_000;
    public const int ConnectionCapacity = 10_000;
    public const string ConnectTopic = "(connect)";
    public const int ExcerptChars = 256;
    private static readonly TimeSpan LogWindow = TimeSpan.FromSeconds(10);

    private readonly TimeProvider _time;
    private readonly ILogger<DeadLetterStore> _logger;
    private readonly SqliteConnection _connection;
    private readonly GroupCommitQueue<PendingLetter> _writes;
    private readonly int _samplesPerSecond;
    private readonly ConcurrentDictionary<RejectReason, (long Second, int Taken)> _samples = new();
    private readonly ConcurrentDictionary<RejectReason, long> _counts = new();
    private readonly Dictionary<Shelf, ConcurrentDictionary<RejectReason, long>> _sinceStart = new() { [Shelf.Message] = new(), [Shelf.Connection] = new() };
    private readonly ConcurrentDictionary<RejectReason, (DateTimeOffset WindowStart, long Suppressed)> _logWindows = new();
    private readonly Lock _readGate = new();
    private readonly Dictionary<Shelf, long> _rows = new() { [Shelf.Message] = 0, [Shelf.Connection] = 0 };

    public DeadLetterStore(IOptions<DataOptions> data, IOptions<MqttListenerOptions> listener, TimeProvider time, ILogger<DeadLetterStore> logger)
    {
        _time = time;
        _samplesPerSecond = listener.Value.RefusalSamplesPerSecond;
        _logger = logger;
        Directory.CreateDirectory(data.Value.FullPath);
        var path = data.Value.Combine("deadletters.db");
        _connection = new SqliteConnection($"Data Source={path};Pooling=False");
        _connection.Open();
        Execute("""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            CREATE TABLE IF NOT EXISTS dead_letters (
                id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, reason TEXT NOT NULL, detail TEXT NOT NULL,
                topic TEXT NOT NULL, client_id TEXT, device_id TEXT, payload_bytes INTEGER NOT NULL, excerpt TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS dead_letters_reason ON dead_letters (reason, id);
            CREATE TABLE IF NOT EXISTS reject_counts (reason TEXT PRIMARY KEY, count INTEGER NOT NULL);
            """);
        if (!HasColumn("dead_letters", "shelf"))
        {
            // Stores written before refused connections were kept apart hold only messages.
            Execute("ALTER TABLE dead_letters ADD COLUMN shelf TEXT NOT NULL DEFAULT 'message'");
        }

        Execute("CREATE INDEX IF NOT EXISTS dead_letters_shelf ON dead_letters (shelf, id)");
        Execute("CREATE INDEX IF NOT EXISTS dead_letters_device ON dead_letters (device_id, id)");
        LoadCounts();
        CountRows();
        _writes = new GroupCommitQueue<PendingLetter>(InsertAsync, maxGroup: 5000);
        logger.LogInformation("Dead letters kept in {Path} ({Total} refused so far)", path, Total);
    }

    public long Total => _counts.Values.Sum();

    /// <summary>Refused messages per reason since this process started (for metrics; <see cref="CountsByReason"/> is all time).</summary>
    public IEnumerable<KeyValuePair<RejectReason, long>> MessagesRefusedSinceStart => _sinceStart[Shelf.Message];

    /// <summary>Refused connections per reason since this process started.</summary>
    public IEnumerable<KeyValuePair<RejectReason, long>> ConnectionsRefusedSinceStart => _sinceStart[Shelf.Connection];

    /// <summary>Records a refused message; completes when it is on disk.</summary>
    public Task AddAsync(DecodeResult rejection, string topic, string? clientId, ReadOnlySpan<byte> payload)
    {
        var letter = Letter(rejection, topic, clientId, payload);
        return RecordAsync(letter, Shelf.Message, keep: true);
    }

    /// <summary>
    /// Records a refused connection on its own shelf: always counted, kept as a sample of at most
    /// <see cref="MqttListenerOptions.RefusalSamplesPerSecond"/> per reason and second.
    /// </summary>
    public Task AddConnectionRefusalAsync(RejectReason reason, string detail, string? clientId, string? deviceId)
    {
        var letter = Letter(DecodeResult.Reject(reason, detail, deviceId is null ? null : Excerpt.Of(deviceId, ExcerptChars)), ConnectTopic, clientId, ReadOnlySpan<byte>.Empty);
        return RecordAsync(letter, Shelf.Connection, keep: TakeSample(reason, letter.At));
    }

    /// <summary>Counts and logs every refusal; writes it (or only its count) to disk.</summary>
    private Task RecordAsync(DeadLetter letter, Shelf shelf, bool keep)
    {
        _counts.AddOrUpdate(letter.Reason, 1, (_, n) => n + 1);
        _sinceStart[shelf].AddOrUpdate(letter.Reason, 1, (_, n) => n + 1);
        Log(letter);
        return _writes.EnqueueAsync(new PendingLetter(letter, shelf, keep));
    }

    private bool TakeSample(RejectReason reason, DateTimeOffset at)
    {
        var second = at.ToUnixTimeSeconds();
        var taken = _samples.AddOrUpdate(reason, (second, 1), (_, s) => s.Second == second ? (second, s.Taken + 1) : (second, 1));
        return taken.Taken <= _samplesPerSecond;
    }

    private DeadLetter Letter(DecodeResult rejection, string topic, string? clientId, ReadOnlySpan<byte> payload) =>
        new(
            _time.GetUtcNow(),
            rejection.Reason,
            rejection.Detail,
            Excerpt.Of(topic, ExcerptChars),
            clientId is null ? null : Excerpt.Of(clientId, ExcerptChars),
            rejection.DeviceId,
            payload.Length,
            Excerpt.Of(payload, ExcerptChars));

    /// <summary>The newest dead letters first, optionally of one reason, of one device, or both.</summary>
    public IReadOnlyList<DeadLetter> Newest(int limit, RejectReason? reason = null, string? deviceId = null)
    {
        lock (_readGate)
        {
            using var command = _connection.CreateCommand();
            string[] conditions = [.. new[] { reason is null ? null : "reason = $reason", deviceId is null ? null : "device_id = $device" }.OfType<string>()];
            command.CommandText = $"""
                SELECT at, reason, detail, topic, client_id, device_id, payload_bytes, excerpt FROM dead_letters
                {(conditions.Length == 0 ? "" : "WHERE " + string.Join(" AND ", conditions))} ORDER BY id DESC LIMIT $limit
                """;
            command.Parameters.AddWithValue("$limit", limit);
            if (reason is not null)
            {
                command.Parameters.AddWithValue("$reason", reason.ToString());
            }

            if (deviceId is not null)
            {
                command.Parameters.AddWithValue("$device", deviceId);
            }

            using var reader = command.ExecuteReader();
            var letters = new List<DeadLetter>();
            while (reader.Read())
            {
                letters.Add(new DeadLetter(
                    DateTimeOffset.Parse(reader.GetString(0), System.Globalization.CultureInfo.InvariantCulture),
                    Enum.Parse<RejectReason>(reader.GetString(1)),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.GetInt32(6),
                    reader.GetString(7)));
            }

            return letters;
        }
    }

    public IReadOnlyDictionary<RejectReason, long> CountsByReason() => _counts.ToDictionary();

    /// <summary>
    /// Deletes up to <paramref name="limit"/> of the oldest dead letters recorded before <paramref name="cutoff"/>
    /// (of both shelves; counts per reason stay); returns how many.
    /// </summary>
    public int DeleteOlderThan(DateTimeOffset cutoff, int limit)
    {
        lock (_readGate)
        {
            using var command = _connection.CreateCommand();
            // Ids grow with time, so walking them from the oldest stops at the first young batch.
            command.CommandText = "DELETE FROM dead_letters WHERE id IN (SELECT id FROM dead_letters WHERE at < $cutoff ORDER BY id LIMIT $limit)";
            command.Parameters.AddWithValue("$cutoff", cutoff.ToUniversalTime().ToString("O"));
            command.Parameters.AddWithValue("$limit", limit);
            var deleted = command.ExecuteNonQuery();
            if (deleted > 0)
            {
                _rows[Shelf.Message] = _rows[Shelf.Connection] = 0;
                CountRows();
            }

            return deleted;
        }
    }

    /// <summary>When the oldest dead letter still kept was recorded; null when none is.</summary>
    public DateTimeOffset? OldestKept()
    {
        lock (_readGate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT at FROM dead_letters ORDER BY id LIMIT 1";
            return command.ExecuteScalar() is string at ? DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture) : null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _writes.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private Task InsertAsync(IReadOnlyList<PendingLetter> pending)
    {
        lock (_readGate)
        {
            using var transaction = _connection.BeginTransaction();
            using var insert = _connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO dead_letters (at, reason, detail, topic, client_id, device_id, payload_bytes, excerpt, shelf)
                VALUES ($at, $reason, $detail, $topic, $client, $device, $bytes, $excerpt, $shelf)
                """;
            var parameters = new[] { "$at", "$reason", "$detail", "$topic", "$client", "$device", "$bytes", "$excerpt", "$shelf" }
                .Select(name => insert.Parameters.Add(new SqliteParameter { ParameterName = name })).ToArray();
            foreach (var (letter, shelf, _) in pending.Where(p => p.Keep))
            {
                object?[] values = [letter.At.ToString("O"), letter.Reason.ToString(), letter.Detail, letter.Topic, letter.ClientId, letter.DeviceId, letter.PayloadBytes, letter.PayloadExcerpt, ShelfName(shelf)];
                for (var i = 0; i < values.Length; i++)
                {
                    parameters[i].Value = values[i] ?? DBNull.Value;
                }

                insert.ExecuteNonQuery();
            }

            using var count = _connection.CreateCommand();
            count.CommandText = """
                INSERT INTO reject_counts (reason, count) VALUES ($reason, $n)
                ON CONFLICT (reason) DO UPDATE SET count = count + $n
                """;
            foreach (var group in pending.GroupBy(p => p.Letter.Reason))
            {
                count.Parameters.Clear();
                count.Parameters.AddWithValue("$reason", group.Key.ToString());
                count.Parameters.AddWithValue("$n", group.Count());
                count.ExecuteNonQuery();
            }

            // Row counts are kept in memory, so trimming a shelf costs what it removes, not a walk of the shelf.
            foreach (var (shelf, capacity) in new[] { (Shelf.Message, Capacity), (Shelf.Connection, ConnectionCapacity) })
            {
                _rows[shelf] += pending.Count(p => p.Keep && p.Shelf == shelf);
                var excess = _rows[shelf] - capacity;
                if (excess <= 0)
                {
                    continue;
                }

                using var prune = _connection.CreateCommand();
                prune.CommandText = "DELETE FROM dead_letters WHERE id IN (SELECT id FROM dead_letters WHERE shelf = $shelf ORDER BY id LIMIT $excess)";
                prune.Parameters.AddWithValue("$shelf", ShelfName(shelf));
                prune.Parameters.AddWithValue("$excess", excess);
                prune.ExecuteNonQuery();
                _rows[shelf] = capacity;
            }

            transaction.Commit();
        }

        return Task.CompletedTask;
    }

    private void LoadCounts()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT reason, count FROM reject_counts";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (Enum.TryParse<RejectReason>(reader.GetString(0), out var reason))
            {
                _counts[reason] = reader.GetInt64(1);
            }
        }
    }

    private void CountRows()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT shelf, COUNT(*) FROM dead_letters GROUP BY shelf";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            _rows[reader.GetString(0) == ShelfName(Shelf.Message) ? Shelf.Message : Shelf.Connection] = reader.GetInt64(1);
        }
    }

    private bool HasColumn(string table, string column)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = $column";
        command.Parameters.AddWithValue("$column", column);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static string ShelfName(Shelf shelf) => shelf == Shelf.Message ? "message" : "connection";

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private void Log(DeadLetter letter)
    {
        var window = _logWindows.GetOrAdd(letter.Reason, (DateTimeOffset.MinValue, 0));
        if (letter.At - window.WindowStart < LogWindow)
        {
            _logWindows[letter.Reason] = window with { Suppressed = window.Suppressed + 1 };
            return;
        }

        _logWindows[letter.Reason] = (letter.At, 0);
        _logger.LogWarning(
            "Refused message on {Topic} from {ClientId}: {Reason} — {Detail}",
            letter.Topic, letter.ClientId, letter.Reason, letter.Detail);
        if (window.Suppressed > 0)
        {
            _logger.LogWarning("{Suppressed} more {Reason} refusals in the previous {Window} were kept but not logged",
                window.Suppressed, letter.Reason, LogWindow);
        }
    }
}

internal enum Shelf
{
    Message,
    Connection,
}

/// <summary>A dead letter on its way to disk; one not kept as a sample only adds to its reason's count.</summary>
internal sealed record PendingLetter(DeadLetter Letter, Shelf Shelf, bool Keep);
