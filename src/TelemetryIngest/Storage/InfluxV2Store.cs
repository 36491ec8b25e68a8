using System.Globalization;
using System.Net;
using CommandCenter.Protocol;
using InfluxDB.Client;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Core.Exceptions;
using InfluxDB.Client.Core.Flux.Domain;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommandCenter.TelemetryIngest.Storage;

/// <summary>
/// InfluxDB 2.x HTTP API through InfluxDB.Client: line protocol to <c>/api/v2/write</c>, Flux on
/// <c>/api/v2/query</c>. Server and network failures surface as <see cref="HttpRequestException"/>
/// (the client's own exception types wrapped), so callers retry them as they do for the 1.x store.
/// </summary>
public sealed class InfluxV2Store : ITimeSeriesStore, IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private readonly InfluxDBClient _client;
    private readonly string _org;
    private readonly string _bucket;
    private readonly ILogger<InfluxV2Store> _logger;

    public InfluxV2Store(IOptions<InfluxOptions> options, ILogger<InfluxV2Store> logger)
    {
        var settings = options.Value;
        // Version=Auto skips the start-up check of token and org, so a detected 2.x server without them lands here.
        if (string.IsNullOrWhiteSpace(settings.Token) || string.IsNullOrWhiteSpace(settings.Org))
        {
            throw new InvalidOperationException(
                $"InfluxDB at {settings.Url} speaks the 2.x API, which needs {InfluxOptions.Section}:{nameof(InfluxOptions.Token)} " +
                $"and {InfluxOptions.Section}:{nameof(InfluxOptions.Org)}; set both.");
        }

        _org = settings.Org;
        _bucket = string.IsNullOrWhiteSpace(settings.Bucket) ? settings.Database : settings.Bucket;
        _logger = logger;
        _client = new InfluxDBClient(new InfluxDBClientOptions(settings.Url)
        {
            Token = settings.Token,
            Org = _org,
            Bucket = _bucket,
            Timeout = RequestTimeout,
        });
        if (settings.Gzip)
        {
            _client.EnableGzip();
        }
    }

    public async Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        var buckets = await CallAsync(
            $"lookup of bucket '{_bucket}'",
            () => _client.GetBucketsApi().FindBucketsAsync(org: _org, name: _bucket, cancellationToken: cancellationToken),
            cancellationToken);
        if (buckets.Count > 0)
        {
            return;
        }

        try
        {
            var orgs = await CallAsync(
                $"lookup of organization '{_org}'",
                () => _client.GetOrganizationsApi().FindOrganizationsAsync(org: _org, cancellationToken: cancellationToken),
                cancellationToken);
            var orgId = orgs.FirstOrDefault()?.Id
                ?? throw new HttpRequestException($"organization '{_org}' is not visible to the token", null, HttpStatusCode.Forbidden);
            await CallAsync(
                $"creation of bucket '{_bucket}'",
                () => _client.GetBucketsApi().CreateBucketAsync(_bucket, orgId, cancellationToken),
                cancellationToken);
            _logger.LogInformation("Created InfluxDB bucket {Bucket} in organization {Org}", _bucket, _org);
        }
        catch (HttpRequestException ex) when (ex.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            // A write-only token sees no buckets and may not create one, yet can write to an existing bucket:
            // carry on, and let a missing bucket show up as a refused write.
            _logger.LogWarning(
                "InfluxDB bucket {Bucket} is not visible to the token and the token may not create it ({Error}); writing on the assumption that it exists",
                _bucket, ex.Message);
        }
    }

    public Task WriteAsync(IReadOnlyList<string> lines, CancellationToken cancellationToken) =>
        CallAsync(
            $"write of {lines.Count} points",
            async () =>
            {
                await _client.GetWriteApiAsync().WriteRecordsAsync(lines, WritePrecision.Ns, _bucket, _org, cancellationToken);
                return true;
            },
            cancellationToken);

    public async Task<bool> PingAsync(CancellationToken cancellationToken) =>
        await _client.PingAsync().WaitAsync(cancellationToken);

    public async Task<IReadOnlyList<ElevatorHistoryPoint>> ReadElevatorHistoryAsync(
        string deviceId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        // Device ids are restricted to letters, digits, '-' and '_', so they cannot break out of the string literal.
        if (!MessageSchemas.IsValidDeviceId(deviceId))
        {
            throw new ArgumentException($"'{deviceId}' is not a valid device id", nameof(deviceId));
        }

        var tables = await CallAsync(
            "history query",
            () => _client.GetQueryApi().QueryAsync(HistoryQuery(deviceId, from, to), _org, cancellationToken),
            cancellationToken);
        // Sorted here: Flux orders rows only within a table, and a result may span several.
        return [.. tables.SelectMany(t => t.Records).Select(ToHistoryPoint).OfType<ElevatorHistoryPoint>().OrderBy(p => p.Time)];
    }

    /// <summary>A 2.x bucket's retention is the bucket's own setting (docs/operations.md); this service leaves it alone.</summary>
    public Task<IReadOnlyList<SeriesRetention>> ReadRetentionAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SeriesRetention>>([]);

    public void Dispose() => _client.Dispose();

    // Flux's range stop is exclusive: one tick past 'to' keeps a point at 'to', as the 1.x query does.
    // The pivot puts floor and seq of one instant into one row.
    private string HistoryQuery(string deviceId, DateTimeOffset from, DateTimeOffset to) =>
        $"""
        from(bucket: "{FluxString(_bucket)}")
          |> range(start: {FluxTime(from)}, stop: {FluxTime(to.AddTicks(1))})
          |> filter(fn: (r) => r._measurement == "{ElevatorPoints.Measurement}" and r["{ElevatorPoints.DeviceTag}"] == "{deviceId}")
          |> filter(fn: (r) => r._field == "floor" or r._field == "seq")
          |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")
        """;

    private static string FluxTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    // The bucket name comes from configuration; escape what would end the literal or start an interpolation.
    private static string FluxString(string value) =>
        value.Replace(@"\", @"\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("${", "\\${", StringComparison.Ordinal);

    private static ElevatorHistoryPoint? ToHistoryPoint(FluxRecord record) =>
        record.GetTime() is { } time && record.GetValueByKey("floor") is { } floor && record.GetValueByKey("seq") is { } seq
            ? new ElevatorHistoryPoint(
                time.ToDateTimeOffset(),
                Convert.ToInt32(floor, CultureInfo.InvariantCulture),
                Convert.ToInt64(seq, CultureInfo.InvariantCulture))
            : null;

    private async Task<T> CallAsync<T>(string what, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested)
        {
            // The client reports the caller's cancellation as a failed request; callers expect a cancellation.
            throw new OperationCanceledException($"The {what} was cancelled", ex, cancellationToken);
        }
        catch (HttpException ex) when (ex.Status == 0)
        {
            throw new HttpRequestException($"InfluxDB could not be reached for the {what}: {Reason(ex)}", ex);
        }
        catch (HttpException ex)
        {
            throw new HttpRequestException(
                $"InfluxDB refused the {what}: {ex.Status} {ex.Message}".TrimEnd(), ex, (HttpStatusCode)ex.Status);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            throw new HttpRequestException($"InfluxDB could not be reached for the {what}: {Reason(ex)}", ex);
        }
        catch (InfluxException ex)
        {
            // Errors reported inside an otherwise successful response, such as a Flux compile error.
            throw new InvalidOperationException($"InfluxDB failed the {what}: {ex.Message}", ex);
        }
    }

    // The client reports its own timeout as a cancellation, which would read as if someone had given up.
    private static string Reason(Exception ex) =>
        ex is TaskCanceledException || ex.InnerException is TaskCanceledException
            ? $"no answer within {RequestTimeout.TotalSeconds:F0} s"
            : ex.Message;
}
