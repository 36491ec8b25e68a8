using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CommandCenter.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommandCenter.TelemetryIngest.Storage;

/// <summary>
/// InfluxDB 1.x HTTP API: line protocol to <c>/write</c>, InfluxQL on <c>/query</c>.
/// (InfluxDB.Client speaks only the 2.x API, which a 1.6 server does not serve.)
/// Points go to the <see cref="InfluxRollups.RawPolicy"/> policy; a continuous query keeps elevator status
/// rolled up by the minute in <see cref="InfluxRollups.RollupPolicy"/>, and long history windows read those.
/// </summary>
public sealed partial class InfluxV1Store(
    HttpClient http,
    IOptions<InfluxOptions> options,
    IOptions<TimeSeriesRetentionOptions> retention,
    TimeProvider time,
    ILogger<InfluxV1Store> logger) : ITimeSeriesStore
{
    private InfluxOptions Options => options.Value;

    private string Database => Options.Database;

    /// <summary>
    /// Creates the database, then brings its two retention policies and the rollup query to what the options say:
    /// creates what is missing, alters a policy whose duration changed, replaces an outdated rollup query. Run at
    /// every start, so changing a setting and restarting is how an existing database is changed.
    /// </summary>
    public async Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        await QueryAsync($"CREATE DATABASE \"{Database}\"", "CREATE DATABASE", cancellationToken);
        var settings = retention.Value;
        var policies = (await QueryAsync($"SHOW RETENTION POLICIES ON \"{Database}\"", "retention policy lookup", cancellationToken))
            .SelectMany(result => Rows(result)).ToDictionary(row => row["name"].GetString()!, StringComparer.Ordinal);
        await EnsurePolicyAsync(policies, InfluxRollups.RawPolicy, settings.RawRetention, isDefault: true, cancellationToken);
        await EnsurePolicyAsync(policies, InfluxRollups.RollupPolicy, settings.RollupRetention, isDefault: false, cancellationToken);

        var wanted = InfluxRollups.ContinuousQueryName(Database);
        var ours = (await QueryAsync("SHOW CONTINUOUS QUERIES", "continuous query lookup", cancellationToken))
            .SelectMany(result => Rows(result, series => series.TryGetProperty("name", out var db) && db.GetString() == Database))
            .Select(row => row["name"].GetString()!).Where(InfluxRollups.IsOurContinuousQuery).ToList();
        foreach (var outdated in ours.Where(name => name != wanted))
        {
            await QueryAsync($"DROP CONTINUOUS QUERY \"{outdated}\" ON \"{Database}\"", "DROP CONTINUOUS QUERY", cancellationToken);
            logger.LogInformation("InfluxDB: dropped the outdated rollup query {Name} of {Database}", outdated, Database);
        }

        if (!ours.Contains(wanted))
        {
            await QueryAsync(
                $"CREATE CONTINUOUS QUERY \"{wanted}\" ON \"{Database}\" BEGIN {InfluxRollups.ElevatorRollupSelect(Database)} END",
                "CREATE CONTINUOUS QUERY",
                cancellationToken);
            logger.LogInformation("InfluxDB: created the rollup query {Name}: elevator status by the minute into {Policy}", wanted, InfluxRollups.RollupPolicy);
        }
    }

    private async Task EnsurePolicyAsync(
        Dictionary<string, Dictionary<string, JsonElement>> existing, string policy, TimeSpan keep, bool isDefault, CancellationToken cancellationToken)
    {
        var shardGroup = InfluxRollups.ShardGroupOf(keep);
        // InfluxQL wants REPLICATION between the two durations when creating, and takes any order when altering.
        var clause = $"DURATION {InfluxRollups.Duration(keep)} REPLICATION 1 SHARD DURATION {InfluxRollups.Duration(shardGroup)}{(isDefault ? " DEFAULT" : "")}";
        if (!existing.TryGetValue(policy, out var shown))
        {
            await QueryAsync($"CREATE RETENTION POLICY \"{policy}\" ON \"{Database}\" {clause}", "CREATE RETENTION POLICY", cancellationToken);
            logger.LogInformation("InfluxDB: created retention policy {Policy} on {Database}: {Clause}", policy, Database, clause);
        }
        else if (shown["duration"].GetString() != InfluxRollups.ShownDuration(keep)
                 || shown["shardGroupDuration"].GetString() != InfluxRollups.ShownDuration(shardGroup)
                 || shown["default"].GetBoolean() != isDefault)
        {
            await QueryAsync($"ALTER RETENTION POLICY \"{policy}\" ON \"{Database}\" {clause}", "ALTER RETENTION POLICY", cancellationToken);
            logger.LogInformation(
                "InfluxDB: changed retention policy {Policy} on {Database} from {Duration} to {Clause}", policy, Database, shown["duration"].GetString(), clause);
        }
    }

    /// <summary>
    /// Writes to the raw policy. Points older than it keeps are dropped by InfluxDB, which then refuses the
    /// batch while storing the rest; they would be deleted anyway, so that counts as written (a spool replayed
    /// after a long outage must not set aside every old point as refused).
    /// </summary>
    public async Task WriteAsync(IReadOnlyList<string> lines, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(string.Join('\n', lines));
        using var content = new ByteArrayContent(Options.Gzip ? Compress(body) : body);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
        if (Options.Gzip)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }

        using var response = await http.PostAsync(
            Endpoint($"/write?db={Uri.EscapeDataString(Database)}&rp={InfluxRollups.RawPolicy}&precision=ns"), content, cancellationToken);
        if (response.StatusCode == HttpStatusCode.BadRequest && response.Headers.TryGetValues("X-Influxdb-Error", out var errors)
            && BeyondRetention().Match(errors.First()) is { Success: true } beyond)
        {
            logger.LogWarning(
                "InfluxDB dropped {Count} of {Total} points older than {Setting} ({Keep}); the rest are stored",
                beyond.Groups[1].Value, lines.Count, $"{TimeSeriesRetentionOptions.Section}:{nameof(TimeSeriesRetentionOptions.RawRetention)}", retention.Value.RawRetention);
            return;
        }

        await EnsureSuccessAsync(response, $"write of {lines.Count} points", cancellationToken);
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(Endpoint("/ping"), cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>
    /// A window that reaches back beyond the raw retention reads the minute rollups, and raw points only for
    /// the last minute or two, which the continuous query has not rolled up yet.
    /// </summary>
    public async Task<IReadOnlyList<ElevatorHistoryPoint>> ReadElevatorHistoryAsync(
        string deviceId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        // Device ids are restricted to letters, digits, '-' and '_', so they cannot break out of the quoted literal.
        if (!MessageSchemas.IsValidDeviceId(deviceId))
        {
            throw new ArgumentException($"'{deviceId}' is not a valid device id", nameof(deviceId));
        }

        var raw = InfluxRollups.Qualified(Database, InfluxRollups.RawPolicy, ElevatorPoints.Measurement);
        if (from >= time.GetUtcNow() - retention.Value.RawRetention)
        {
            return [.. Points((await QueryAsync(HistoryQuery(raw, deviceId, from, to, inclusiveEnd: true), "history query", cancellationToken))[0])];
        }

        var rolledUpTo = new DateTimeOffset(to.UtcTicks - (to.UtcTicks % InfluxRollups.Interval.Ticks), TimeSpan.Zero) - InfluxRollups.Interval;
        var rollups = InfluxRollups.Qualified(Database, InfluxRollups.RollupPolicy, InfluxRollups.ElevatorMeasurement);
        var results = await QueryAsync(
            $"{HistoryQuery(rollups, deviceId, from, rolledUpTo, inclusiveEnd: false)}; {HistoryQuery(raw, deviceId, rolledUpTo, to, inclusiveEnd: true)}",
            "history query",
            cancellationToken);
        return [.. Points(results[0]), .. Points(results[1])];
    }

    public async Task<IReadOnlyList<SeriesRetention>> ReadRetentionAsync(CancellationToken cancellationToken)
    {
        var shards = (await QueryAsync("SHOW SHARDS", "shard lookup", cancellationToken))
            .SelectMany(result => Rows(result, series => series.TryGetProperty("name", out var db) && db.GetString() == Database))
            .ToList();
        var settings = retention.Value;
        return [Retention(InfluxRollups.RawPolicy, settings.RawRetention), Retention(InfluxRollups.RollupPolicy, settings.RollupRetention)];

        SeriesRetention Retention(string policy, TimeSpan keep) => new(
            policy,
            keep,
            shards.Where(shard => shard["retention_policy"].GetString() == policy)
                .Select(shard => (DateTimeOffset?)shard["start_time"].GetDateTimeOffset()).Min());
    }

    private static string HistoryQuery(string measurement, string deviceId, DateTimeOffset from, DateTimeOffset to, bool inclusiveEnd) =>
        $"SELECT floor, seq FROM {measurement} WHERE {ElevatorPoints.DeviceTag} = '{deviceId}' " +
        $"AND time >= {from.ToUnixTimeMilliseconds()}ms AND time {(inclusiveEnd ? "<=" : "<")} {to.ToUnixTimeMilliseconds()}ms";

    private static IEnumerable<ElevatorHistoryPoint> Points(JsonElement result) =>
        Rows(result).Where(row => row["floor"].ValueKind == JsonValueKind.Number).Select(row => new ElevatorHistoryPoint(
            DateTimeOffset.FromUnixTimeMilliseconds(row["time"].GetInt64()),
            row["floor"].GetInt32(),
            row["seq"].GetInt64()));

    /// <summary>Rows of every series of one statement's result (column name → value), optionally of some series only.</summary>
    private static IEnumerable<Dictionary<string, JsonElement>> Rows(JsonElement result, Func<JsonElement, bool>? series = null) =>
        result.TryGetProperty("series", out var all)
            ? all.EnumerateArray().Where(s => series?.Invoke(s) ?? true).SelectMany(s =>
            {
                var columns = s.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToArray();
                return s.TryGetProperty("values", out var values)
                    ? values.EnumerateArray().Select(row => columns.Zip(row.EnumerateArray()).ToDictionary(p => p.First, p => p.Second))
                    : [];
            })
            : [];

    /// <summary>Runs InfluxQL (one or more statements) and returns each statement's result; throws on any statement's error.</summary>
    private async Task<JsonElement[]> QueryAsync(string query, string what, CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent([new("db", Database), new("epoch", "ms"), new("q", query)]);
        using var response = await http.PostAsync(Endpoint("/query"), content, cancellationToken);
        await EnsureSuccessAsync(response, what, cancellationToken);
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        var results = document.RootElement.GetProperty("results").EnumerateArray().Select(result => result.Clone()).ToArray();
        foreach (var result in results)
        {
            if (result.TryGetProperty("error", out var error))
            {
                throw new InvalidOperationException($"InfluxDB failed the {what}: {error.GetString()}");
            }
        }

        return results;
    }

    [GeneratedRegex(@"^partial write: points beyond retention policy dropped=(\d+)$")]
    private static partial Regex BeyondRetention();

    private Uri Endpoint(string pathAndQuery) => new(new Uri(Options.Url), pathAndQuery);

    private static byte[] Compress(byte[] body)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(body);
        }

        return buffer.ToArray();
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException(
                $"InfluxDB refused the {what}: {(int)response.StatusCode} {body.Trim()}", null, response.StatusCode);
        }
    }
}
