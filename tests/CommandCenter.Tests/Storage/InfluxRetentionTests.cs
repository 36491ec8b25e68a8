using System.Text.Json;
using CommandCenter.Protocol;
using CommandCenter.TelemetryIngest.Storage;
using CommandCenter.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace CommandCenter.Tests.Storage;

/// <summary>
/// Retention of the time series on a real influxd 1.x: the policies and the rollup query created at start, points
/// past the raw retention gone, and long history windows drawn from the rollups. InfluxDB deletes expired shards
/// on its own clock, so the fake clock here starts at the real time: what is tested is what this service
/// configures and reads, not influxd's deletion schedule.
/// </summary>
public sealed class InfluxRetentionTests : IAsyncLifetime
{
    private const string Database = "retention";
    private const string Elevator = "EL-RET";
    private InfluxServer _influx = default!;
    private HttpClient _http = default!;

    // A minute and a half past a whole minute, so the minutes below are unambiguous.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(DateTimeOffset.UtcNow.UtcTicks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero).AddSeconds(30));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DateTimeOffset ThisMinute => _time.GetUtcNow().AddSeconds(-30);

    public async ValueTask InitializeAsync()
    {
        _influx = await InfluxServer.StartAsync();
        _http = new HttpClient();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _influx.DisposeAsync();
    }

    [Fact]
    public async Task EnsureReady_NewDatabase_CreatesTheRawAndRollupPoliciesAndOneRollupQuery()
    {
        var store = Store(new TimeSeriesRetentionOptions());

        await store.EnsureReadyAsync(Ct);
        await store.EnsureReadyAsync(Ct);

        (await PoliciesAsync()).ShouldBe(
        [
            ("autogen", "0s", "168h0m0s", false),
            ("raw", "48h0m0s", "1h0m0s", true),
            ("rollup_1m", "720h0m0s", "24h0m0s", false),
        ]);
        (await RollupQueriesAsync()).ShouldBe([InfluxRollups.ContinuousQueryName(Database)]);
    }

    [Fact]
    public async Task EnsureReady_SettingsChangedOrQueryOutdated_BringsTheDatabaseUpToDate()
    {
        await Store(new TimeSeriesRetentionOptions()).EnsureReadyAsync(Ct);
        await PostQueryAsync(
            $"CREATE CONTINUOUS QUERY \"elevator_status_1m_outdated\" ON \"{Database}\" BEGIN SELECT last(floor) AS floor " +
            $"INTO \"{Database}\".\"rollup_1m\".\"elevator_status_1m\" FROM \"{Database}\".\"raw\".\"elevator_status\" GROUP BY time(1m), * END");

        await Store(new TimeSeriesRetentionOptions { RawRetention = TimeSpan.FromDays(3), RollupRetention = TimeSpan.FromDays(200) }).EnsureReadyAsync(Ct);

        (await PoliciesAsync()).Skip(1).ShouldBe(
        [
            ("raw", "72h0m0s", "1h0m0s", true),
            ("rollup_1m", "4800h0m0s", "168h0m0s", false),
        ]);
        (await RollupQueriesAsync()).ShouldBe([InfluxRollups.ContinuousQueryName(Database)]);
    }

    [Fact]
    public async Task Write_PointOlderThanTheRawRetention_IsDroppedAndTheRestStored()
    {
        var store = Store(new TimeSeriesRetentionOptions());
        await store.EnsureReadyAsync(Ct);

        await store.WriteAsync([Status(1, 3, ThisMinute.AddDays(-3)), Status(2, 4, ThisMinute.AddMinutes(-1))], Ct);

        var kept = await _influx.QueryAsync(Database, $"SELECT floor FROM \"raw\".\"elevator_status\" WHERE device_id = '{Elevator}'");
        kept.Select(row => row["floor"].GetInt32()).ShouldBe([4]);
        var retention = await store.ReadRetentionAsync(Ct);
        retention.ShouldBe(
        [
            new SeriesRetention("raw", TimeSpan.FromDays(2), HourOf(ThisMinute.AddMinutes(-1))),
            new SeriesRetention("rollup_1m", TimeSpan.FromDays(30), null),
        ]);
    }

    [Fact]
    public async Task ReadElevatorHistory_SevenDays_DrawsOnePointAMinuteFromTheRollupsAndTheLastMinutesRaw()
    {
        var store = Store(new TimeSeriesRetentionOptions());
        await store.EnsureReadyAsync(Ct);
        // Ten whole minutes and the current half minute, every 10 s; the floor tells minute and second apart.
        var raw = Enumerable.Range(0, 63)
            .Select(i => (Seq: 100L + i, Floor: i, At: ThisMinute.AddMinutes(-10).AddSeconds(10 * i)))
            .Where(p => p.At <= _time.GetUtcNow()).ToList();
        await store.WriteAsync([.. raw.Select(p => Status(p.Seq, p.Floor, p.At))], Ct);
        // Five days ago: rolled up then, its raw points long gone.
        await WriteRollupAsync(seq: 7, floor: 9, ThisMinute.AddDays(-5));
        await BackfillWithTheContinuousQueryAsync(ThisMinute.AddMinutes(-10), ThisMinute);

        var week = await store.ReadElevatorHistoryAsync(Elevator, _time.GetUtcNow().AddDays(-7), _time.GetUtcNow(), Ct);
        var hour = await store.ReadElevatorHistoryAsync(Elevator, _time.GetUtcNow().AddHours(-1), _time.GetUtcNow(), Ct);

        var rolledUpTo = ThisMinute.AddMinutes(-1);
        var rollups = Enumerable.Range(0, 9).Select(m => new ElevatorHistoryPoint(ThisMinute.AddMinutes(m - 10), (6 * m) + 5, 100 + (6 * m) + 5));
        week.ShouldBe(
        [
            new ElevatorHistoryPoint(ThisMinute.AddDays(-5), 9, 7),
            .. rollups,
            .. raw.Where(p => p.At >= rolledUpTo).Select(p => new ElevatorHistoryPoint(p.At, p.Floor, p.Seq)),
        ]);
        hour.ShouldBe([.. raw.Select(p => new ElevatorHistoryPoint(p.At, p.Floor, p.Seq))]);
    }

    private InfluxV1Store Store(TimeSeriesRetentionOptions retention) => new(
        _http,
        Options.Create(new InfluxOptions { Url = _influx.Url, Database = Database, Version = InfluxApiVersion.V1 }),
        Options.Create(retention),
        _time,
        NullLogger<InfluxV1Store>.Instance);

    private static string Status(long seq, int floor, DateTimeOffset at) => TimeSeriesPoints.ToLineProtocol(StatusJson.Report(Elevator, seq, floor, at));

    private static DateTimeOffset HourOf(DateTimeOffset at) => new(at.UtcTicks / TimeSpan.TicksPerHour * TimeSpan.TicksPerHour, TimeSpan.Zero);

    private async Task<List<(string, string, string, bool)>> PoliciesAsync() =>
        [.. (await _influx.QueryAsync(Database, $"SHOW RETENTION POLICIES ON \"{Database}\"")).Select(row =>
            (row["name"].GetString()!, row["duration"].GetString()!, row["shardGroupDuration"].GetString()!, row["default"].GetBoolean()))];

    private async Task<List<string>> RollupQueriesAsync() =>
        [.. (await ContinuousQueriesAsync()).Keys.Where(InfluxRollups.IsOurContinuousQuery)];

    private async Task<Dictionary<string, string>> ContinuousQueriesAsync() =>
        (await _influx.QueryAsync(Database, "SHOW CONTINUOUS QUERIES")).ToDictionary(row => row["name"].GetString()!, row => row["query"].GetString()!);

    /// <summary>Runs the installed continuous query's own SELECT over a past range, as it would have run minute by minute.</summary>
    private async Task BackfillWithTheContinuousQueryAsync(DateTimeOffset from, DateTimeOffset to)
    {
        var installed = (await ContinuousQueriesAsync())[InfluxRollups.ContinuousQueryName(Database)];
        var select = installed[(installed.IndexOf(" BEGIN ", StringComparison.Ordinal) + 7)..installed.LastIndexOf(" END", StringComparison.Ordinal)];
        var groupBy = select.IndexOf(" GROUP BY ", StringComparison.Ordinal);
        await PostQueryAsync($"{select[..groupBy]} WHERE time >= {from.ToUnixTimeMilliseconds()}ms AND time < {to.ToUnixTimeMilliseconds()}ms{select[groupBy..]}");
    }

    private async Task WriteRollupAsync(long seq, int floor, DateTimeOffset at)
    {
        using var line = new StringContent($"{InfluxRollups.ElevatorMeasurement},device_id={Elevator} floor={floor}i,seq={seq}i {at.ToUnixTimeMilliseconds() * 1_000_000}");
        using var response = await _http.PostAsync($"{_influx.Url}/write?db={Database}&rp={InfluxRollups.RollupPolicy}&precision=ns", line, Ct);
        response.EnsureSuccessStatusCode();
    }

    private async Task PostQueryAsync(string influxQl)
    {
        using var form = new FormUrlEncodedContent([new("db", Database), new("q", influxQl)]);
        using var response = await _http.PostAsync($"{_influx.Url}/query", form, Ct);
        response.EnsureSuccessStatusCode();
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        answer.RootElement.GetProperty("results")[0].TryGetProperty("error", out var error).ShouldBeFalse(error.ToString());
    }
}
