using System.Collections.Concurrent;
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
public sealed class DeadLetterStore : IAsyncDisposable
{
    public const int Capacity = 100_000;
    public const int ExcerptChars = 256;
    private static readonly TimeSpan LogWindow = TimeSpan.FromSeconds(10);

    private readonly TimeProvider _time;
    private readonly ILogger<DeadLetterStore> _logger;
    private readonly SqliteConnection _connection;
    private readonly GroupCommitQueue<DeadLetter> _writes;
    private readonly ConcurrentDictionary<RejectReason, long> _counts = new();
    private readonly ConcurrentDictionary<RejectReason, (DateTimeOffset WindowStart, long Suppressed)> _logWindows = new();
    private readonly Lock _readGate = new();

    public DeadLetterStore(IOptions<DataOptions> data, TimeProvider time, ILogger<DeadLetterStore> logger)
    {
        _time = time;
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
        LoadCounts();
        _writes = new GroupCommitQueue<DeadLetter>(InsertAsync, maxGroup: 5000);
        logger.LogInformation("Dead letters kept in {Path} ({Total} refused so far)", path, Total);
    }

    public long Total => _counts.Values.Sum();

    /// <summary>Records a refused message; completes when it is on disk.</summary>
    public Task AddAsync(DecodeResult rejection, string topic, string? clientId, ReadOnlySpan<byte> payload)
    {
        var letter = new DeadLetter(
            _time.GetUtcNow(),
            rejection.Reason,
            rejection.Detail,
            Excerpt.Of(topic, ExcerptChars),
            clientId is null ? null : Excerpt.Of(clientId, ExcerptChars),
            rejection.DeviceId,
            payload.Length,
            Excerpt.Of(payload, ExcerptChars));
        _counts.AddOrUpdate(letter.Reason, 1, (_, n) => n + 1);
        Log(letter);
        return _writes.EnqueueAsync(letter);
    }

    /// <summary>The newest dead letters first, optionally of one reason.</summary>
    public IReadOnlyList<DeadLetter> Newest(int limit, RejectReason? reason = null)
    {
        lock (_readGate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $"""
                SELECT at, reason, detail, topic, client_id, device_id, payload_bytes, excerpt FROM dead_letters
                {(reason is null ? "" : "WHERE reason = $reason")} ORDER BY id DESC LIMIT $limit
                """;
            command.Parameters.AddWithValue("$limit", limit);
            if (reason is not null)
            {
                command.Parameters.AddWithValue("$reason", reason.ToString());
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

    public async ValueTask DisposeAsync()
    {
        await _writes.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private Task InsertAsync(IReadOnlyList<DeadLetter> letters)
    {
        lock (_readGate)
        {
            using var transaction = _connection.BeginTransaction();
            using var insert = _connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO dead_letters (at, reason, detail, topic, client_id, device_id, payload_bytes, excerpt)
                VALUES ($at, $reason, $detail, $topic, $client, $device, $bytes, $excerpt)
                """;
            var parameters = new[] { "$at", "$reason", "$detail", "$topic", "$client", "$device", "$bytes", "$excerpt" }
                .Select(name => insert.Parameters.Add(new SqliteParameter { ParameterName = name })).ToArray();
            foreach (var letter in letters)
            {
                object?[] values = [letter.At.ToString("O"), letter.Reason.ToString(), letter.Detail, letter.Topic, letter.ClientId, letter.DeviceId, letter.PayloadBytes, letter.PayloadExcerpt];
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
            foreach (var group in letters.GroupBy(l => l.Reason))
            {
                count.Parameters.Clear();
                count.Parameters.AddWithValue("$reason", group.Key.ToString());
                count.Parameters.AddWithValue("$n", group.Count());
                count.ExecuteNonQuery();
            }

            using var prune = _connection.CreateCommand();
            prune.CommandText = $"DELETE FROM dead_letters WHERE id <= (SELECT MAX(id) FROM dead_letters) - {Capacity}";
            prune.ExecuteNonQuery();
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
