using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CommandCenter.Protocol;
using Microsoft.Extensions.Options;

namespace CommandCenter.TelemetryIngest.Storage;

/// <summary>
/// InfluxDB 1.x HTTP API: line protocol to <c>/write</c>, InfluxQL on <c>/query</c>.
/// (InfluxDB.Client speaks only the 2.x API, which a 1.6 server does not serve.)
/// </summary>
public sealed class InfluxV1Store(HttpClient http, IOptions<InfluxOptions> options) : ITimeSeriesStore
{
    private InfluxOptions Options => options.Value;

    public async Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent([new("q", $"CREATE DATABASE \"{Options.Database}\"")]);
        using var response = await http.PostAsync(Endpoint("/query"), content, cancellationToken);
        await EnsureSuccessAsync(response, "CREATE DATABASE", cancellationToken);
    }

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
            Endpoint($"/write?db={Uri.EscapeDataString(Options.Database)}&precision=ns"), content, cancellationToken);
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

    public async Task<IReadOnlyList<ElevatorHistoryPoint>> ReadElevatorHistoryAsync(
        string deviceId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        // Device ids are restricted to letters, digits, '-' and '_', so they cannot break out of the quoted literal.
        if (!MessageSchemas.IsValidDeviceId(deviceId))
        {
            throw new ArgumentException($"'{deviceId}' is not a valid device id", nameof(deviceId));
        }

        var query = $"SELECT floor, seq FROM {ElevatorPoints.Measurement} WHERE {ElevatorPoints.DeviceTag} = '{deviceId}' " +
                    $"AND time >= {from.ToUnixTimeMilliseconds()}ms AND time <= {to.ToUnixTimeMilliseconds()}ms";
        var url = Endpoint($"/query?db={Uri.EscapeDataString(Options.Database)}&epoch=ms&q={Uri.EscapeDataString(query)}");
        using var response = await http.GetAsync(url, cancellationToken);
        await EnsureSuccessAsync(response, "history query", cancellationToken);
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        return ParseSeries(document.RootElement);
    }

    private static List<ElevatorHistoryPoint> ParseSeries(JsonElement root)
    {
        var points = new List<ElevatorHistoryPoint>();
        foreach (var result in root.GetProperty("results").EnumerateArray())
        {
            if (result.TryGetProperty("error", out var error))
            {
                throw new InvalidOperationException($"InfluxDB query failed: {error.GetString()}");
            }

            if (!result.TryGetProperty("series", out var series))
            {
                continue;
            }

            foreach (var row in series.EnumerateArray().SelectMany(s => s.GetProperty("values").EnumerateArray()))
            {
                points.Add(new ElevatorHistoryPoint(
                    DateTimeOffset.FromUnixTimeMilliseconds(row[0].GetInt64()),
                    row[1].GetInt32(),
                    row[2].GetInt64()));
            }
        }

        return points;
    }

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
