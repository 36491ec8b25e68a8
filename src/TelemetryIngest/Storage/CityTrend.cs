using System.Globalization;
using System.Text.Json;
using InfluxDB.Client;
using Microsoft.Extensions.Options;

namespace CommandCenter.TelemetryIngest.Storage;

/// <summary>One hour of a city-level series: the hour's start (UTC) and its count.</summary>
public sealed record HourlyCount(DateTimeOffset Hour, long Count);

/// <summary>City-level series for the wall's trend panel, whichever InfluxDB API the server speaks.</summary>
public interface ICityTrend
{
    /// <summary>
    /// Elevator faults raised per hour over the whole city (<c>elevator_event</c> points with
    /// <c>raised = true</c>), one entry per hour from the hour holding <paramref name="from"/> to the one
    /// holding <paramref name="to"/>, oldest first, hours without any as 0.
    /// </summary>
    Task<IReadOnlyList<HourlyCount>> ReadFaultsRaisedPerHourAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}

/// <summary>
/// <see cref="ICityTrend"/> over InfluxQL (1.x, <c>/query</c>) or Flux (2.x), chosen by the configured or
/// detected version, as the store is. Both answers are turned into the same dense list of hours.
/// </summary>
public sealed class InfluxCityTrend(InfluxVersionDetector detector, HttpClient http, IOptions<InfluxOptions> options) : ICityTrend, IDisposable
{
    public const string HttpClientName = "influx-city-trend";

    private const string Measurement = "elevator_event";
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private InfluxApiVersion? _version;
    private InfluxDBClient? _v2;

    public async Task<IReadOnlyList<HourlyCount>> ReadFaultsRaisedPerHourAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var start = HourOf(from);
        var stop = HourOf(to) + Hour;
        _version ??= await detector.DetectAsync(cancellationToken);
        var counts = _version == InfluxApiVersion.V2
            ? await ReadV2Async(start, stop, cancellationToken)
            : await ReadV1Async(start, stop, cancellationToken);
        var hours = (int)((stop - start) / Hour);
        return [.. Enumerable.Range(0, hours).Select(i => start + (Hour * i)).Select(hour => new HourlyCount(hour, counts.GetValueOrDefault(hour)))];
    }

    private static DateTimeOffset HourOf(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % Hour.Ticks), TimeSpan.Zero);

    private async Task<Dictionary<DateTimeOffset, long>> ReadV1Async(DateTimeOffset start, DateTimeOffset stop, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var query = $"SELECT count(\"raised\") FROM {InfluxRollups.Qualified(settings.Database, InfluxRollups.RawPolicy, Measurement)} WHERE \"raised\" = true " +
                    $"AND time >= {start.ToUnixTimeMilliseconds()}ms AND time < {stop.ToUnixTimeMilliseconds()}ms GROUP BY time(1h)";
        var url = new Uri(new Uri(settings.Url), $"/query?db={Uri.EscapeDataString(settings.Database)}&epoch=ms&q={Uri.EscapeDataString(query)}");
        using var response = await http.GetAsync(url, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"InfluxDB refused the city trend query: {(int)response.StatusCode} {(await response.Content.ReadAsStringAsync(cancellationToken)).Trim()}",
                null,
                response.StatusCode);
        }

        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        var counts = new Dictionary<DateTimeOffset, long>();
        foreach (var result in document.RootElement.GetProperty("results").EnumerateArray())
        {
            if (result.TryGetProperty("error", out var error))
            {
                throw new InvalidOperationException($"InfluxDB query failed: {error.GetString()}");
            }

            var rows = result.TryGetProperty("series", out var series) ? series.EnumerateArray().SelectMany(s => s.GetProperty("values").EnumerateArray()) : [];
            foreach (var row in rows.Where(row => row[1].ValueKind == JsonValueKind.Number))
            {
                counts[DateTimeOffset.FromUnixTimeMilliseconds(row[0].GetInt64())] = row[1].GetInt64();
            }
        }

        return counts;
    }

    private async Task<Dictionary<DateTimeOffset, long>> ReadV2Async(DateTimeOffset start, DateTimeOffset stop, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        _v2 ??= new InfluxDBClient(new InfluxDBClientOptions(settings.Url) { Token = settings.Token, Org = settings.Org, Timeout = http.Timeout });
        var bucket = string.IsNullOrWhiteSpace(settings.Bucket) ? settings.Database : settings.Bucket;
        // group() merges every device's and code's table so each window counts the whole city;
        // windows are labelled by their start, as InfluxQL's are.
        var flux = $"""
            from(bucket: "{FluxString(bucket)}")
              |> range(start: {FluxTime(start)}, stop: {FluxTime(stop)})
              |> filter(fn: (r) => r._measurement == "{Measurement}" and r._field == "raised" and r._value == true)
              |> group()
              |> aggregateWindow(every: 1h, fn: count, createEmpty: false, timeSrc: "_start")
            """;
        var tables = await _v2.GetQueryApi().QueryAsync(flux, settings.Org, cancellationToken);
        return tables.SelectMany(t => t.Records)
            .Where(r => r.GetTime() is not null)
            .ToDictionary(r => HourOf(r.GetTime()!.Value.ToDateTimeOffset()), r => Convert.ToInt64(r.GetValue(), CultureInfo.InvariantCulture));
    }

    // The bucket comes from configuration: escape what would end the literal or start an interpolation.
    private static string FluxString(string value) =>
        value.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("${", "\\${", StringComparison.Ordinal);

    private static string FluxTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public void Dispose() => _v2?.Dispose();
}
