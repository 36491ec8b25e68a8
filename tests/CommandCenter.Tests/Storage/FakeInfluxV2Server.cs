using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CommandCenter.Tests.Storage;

/// <summary>
/// A stand-in for InfluxDB 2.x on an ephemeral loopback port (2.x cannot be installed here). It serves
/// the documented endpoints the adapter uses and answers any deviation from their request shape (token,
/// query parameters, content type, body) with the status and JSON error body InfluxDB 2 would send,
/// so a wrong request fails the test through the adapter's own error path.
/// </summary>
internal sealed partial class FakeInfluxV2Server : IAsyncDisposable
{
    public const string Token = "test-token";
    public const string Org = "acme";
    public const string OrgId = "0a1b2c3d4e5f6071";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string> _buckets = new(StringComparer.Ordinal);

    private FakeInfluxV2Server(WebApplication app)
    {
        _app = app;
        _app.Run(HandleAsync);
    }

    public string Url => _app.Urls.Single();

    /// <summary>What <c>/ping</c> reports in <c>X-Influxdb-Version</c>; null leaves the header out.</summary>
    public string? PingVersion { get; set; } = "v2.7.10";

    /// <summary>What <c>/ping</c> reports in <c>X-Influxdb-Build</c>; null leaves the header out.</summary>
    public string? PingBuild { get; set; } = "OSS";

    public bool TokenMayCreateBuckets { get; set; } = true;

    /// <summary>Every request as "METHOD /path?query", in arrival order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public ConcurrentQueue<WriteRequest> Writes { get; } = new();

    public ConcurrentQueue<string> FluxQueries { get; } = new();

    /// <summary>Rows the query endpoint answers from, in this order, filtered by the query's device and range.</summary>
    public List<StoredPoint> Points { get; } = [];

    public IReadOnlyCollection<string> Buckets => [.. _buckets.Keys];

    public static async Task<FakeInfluxV2Server> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var server = new FakeInfluxV2Server(builder.Build());
        await server._app.StartAsync();
        return server;
    }

    public void AddBucket(string name) => _buckets[name] = $"b{_buckets.Count:x15}";

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        Requests.Enqueue($"{request.Method} {request.Path}{request.QueryString}");
        var route = (request.Method, request.Path.Value);
        if (route == ("GET", "/ping"))
        {
            AnswerPing(context.Response);
            return;
        }

        if (route == ("GET", "/health"))
        {
            await Json(context, 200, new { name = "influxdb", message = "ready for queries and writes", status = "pass", checks = Array.Empty<object>(), version = PingVersion, commit = "fake" });
            return;
        }

        if (request.Headers.Authorization.ToString() != $"Token {Token}")
        {
            await Error(context, 401, "unauthorized", "unauthorized access");
            return;
        }

        var problem = route switch
        {
            ("POST", "/api/v2/write") => await WriteAsync(context),
            ("GET", "/api/v2/buckets") => await ListBucketsAsync(context),
            ("POST", "/api/v2/buckets") => await CreateBucketAsync(context),
            ("GET", "/api/v2/orgs") => await ListOrgsAsync(context),
            ("POST", "/api/v2/query") => await QueryAsync(context),
            _ => new Problem(404, "not found", "path not found"),
        };
        if (problem is not null)
        {
            await Error(context, problem.Status, problem.Code, problem.Message);
        }
    }

    private void AnswerPing(HttpResponse response)
    {
        response.StatusCode = 204;
        if (PingVersion is not null)
        {
            response.Headers["X-Influxdb-Version"] = PingVersion;
        }

        if (PingBuild is not null)
        {
            response.Headers["X-Influxdb-Build"] = PingBuild;
        }
    }

    private async Task<Problem?> WriteAsync(HttpContext context)
    {
        var query = context.Request.Query;
        if (query.Count != 3 || query["precision"] != "ns")
        {
            return new Problem(400, "invalid", $"expected exactly org, bucket and precision=ns, got '{context.Request.QueryString}'");
        }

        if (OrgProblem(query["org"]) is { } orgProblem)
        {
            return orgProblem;
        }

        if (!_buckets.ContainsKey(query["bucket"].ToString()))
        {
            return new Problem(404, "not found", $"bucket \"{query["bucket"]}\" not found");
        }

        if (context.Request.ContentType is not { } type || !type.StartsWith("text/plain", StringComparison.Ordinal))
        {
            return new Problem(400, "invalid", $"expected text/plain line protocol, got '{context.Request.ContentType}'");
        }

        var gzipped = context.Request.Headers.ContentEncoding == "gzip";
        var body = await ReadBodyAsync(context.Request, gzipped);
        Writes.Enqueue(new WriteRequest(query["bucket"].ToString(), gzipped, body.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        context.Response.StatusCode = 204;
        return null;
    }

    private async Task<Problem?> ListBucketsAsync(HttpContext context)
    {
        var query = context.Request.Query;
        if (OrgProblem(query["org"]) is { } orgProblem)
        {
            return orgProblem;
        }

        var name = query["name"].ToString();
        var buckets = _buckets.Where(b => name.Length == 0 || b.Key == name).Select(b => BucketJson(b.Key, b.Value)).ToArray();
        await Json(context, 200, new { links = new { self = $"/api/v2/buckets{context.Request.QueryString}" }, buckets });
        return null;
    }

    private async Task<Problem?> CreateBucketAsync(HttpContext context)
    {
        if (!TokenMayCreateBuckets)
        {
            return new Problem(403, "forbidden", $"insufficient permissions for write:orgs/{OrgId}/buckets");
        }

        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var orgId = body.RootElement.TryGetProperty("orgID", out var id) ? id.GetString() : null;
        var name = body.RootElement.TryGetProperty("name", out var n) ? n.GetString() : null;
        if (orgId != OrgId || string.IsNullOrEmpty(name))
        {
            return new Problem(400, "invalid", $"expected orgID {OrgId} and a name, got orgID '{orgId}' name '{name}'");
        }

        AddBucket(name);
        await Json(context, 201, BucketJson(name, _buckets[name]));
        return null;
    }

    private async Task<Problem?> ListOrgsAsync(HttpContext context)
    {
        if (OrgProblem(context.Request.Query["org"]) is { } orgProblem)
        {
            return orgProblem;
        }

        await Json(context, 200, new { orgs = new[] { new { id = OrgId, name = Org } } });
        return null;
    }

    private async Task<Problem?> QueryAsync(HttpContext context)
    {
        if (OrgProblem(context.Request.Query["org"]) is { } orgProblem)
        {
            return orgProblem;
        }

        if (context.Request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.Ordinal))
        {
            return new Problem(400, "invalid", $"expected a JSON query body, got '{context.Request.ContentType}'");
        }

        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var flux = body.RootElement.TryGetProperty("query", out var q) ? q.GetString() ?? "" : "";
        FluxQueries.Enqueue(flux);
        if (FromBucket().Match(flux) is not { Success: true } bucket || !_buckets.ContainsKey(bucket.Groups[1].Value))
        {
            return new Problem(404, "not found", "the query reads no existing bucket");
        }

        if (!flux.Contains("r._measurement == \"elevator_status\"", StringComparison.Ordinal))
        {
            return new Problem(400, "invalid", "the query does not filter on measurement elevator_status");
        }

        if (DeviceFilter().Match(flux) is not { Success: true } device)
        {
            return new Problem(400, "invalid", "the query does not filter on tag device_id");
        }

        if (Range().Match(flux) is not { Success: true } range
            || !DateTimeOffset.TryParse(range.Groups[1].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start)
            || !DateTimeOffset.TryParse(range.Groups[2].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var stop))
        {
            return new Problem(400, "invalid", "the query has no range(start: <RFC3339>, stop: <RFC3339>)");
        }

        var rows = Points.Where(p => p.DeviceId == device.Groups[1].Value && p.Time >= start && p.Time < stop);
        await AnnotatedCsvAsync(context, AnnotatedCsv(rows, start, stop));
        return null;
    }

    private static Problem? OrgProblem(string? org) =>
        org == Org ? null : new Problem(404, "not found", $"organization name \"{org}\" not found");

    private static object BucketJson(string name, string id) =>
        new { id, orgID = OrgId, type = "user", name, retentionRules = Array.Empty<object>(), labels = Array.Empty<object>() };

    // The shape InfluxDB 2 answers a pivoted query with: annotation rows, a header, one row per point, a blank line.
    private static string AnnotatedCsv(IEnumerable<StoredPoint> rows, DateTimeOffset start, DateTimeOffset stop)
    {
        var csv = new StringBuilder()
            .Append("#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,string,string,long,long\r\n")
            .Append("#group,false,false,true,true,false,true,true,false,false\r\n")
            .Append("#default,_result,,,,,,,,\r\n")
            .Append(",result,table,_start,_stop,_time,_measurement,device_id,floor,seq\r\n");
        foreach (var row in rows)
        {
            csv.Append(CultureInfo.InvariantCulture, $",,0,{Rfc3339(start)},{Rfc3339(stop)},{row.Rfc3339Time},elevator_status,{row.DeviceId},{row.Floor},{row.Seq}\r\n");
        }

        return csv.Append("\r\n").ToString();
    }

    private static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static async Task AnnotatedCsvAsync(HttpContext context, string csv)
    {
        context.Response.ContentType = "text/csv; charset=utf-8";
        var bytes = Encoding.UTF8.GetBytes(csv);
        if (context.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.Ordinal))
        {
            context.Response.Headers.ContentEncoding = "gzip";
            await using var gzip = new GZipStream(context.Response.Body, CompressionLevel.Fastest);
            await gzip.WriteAsync(bytes);
            return;
        }

        await context.Response.Body.WriteAsync(bytes);
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request, bool gzipped)
    {
        await using var body = gzipped ? new GZipStream(request.Body, CompressionMode.Decompress) : request.Body;
        using var reader = new StreamReader(body, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    private static Task Json(HttpContext context, int status, object body)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(body);
    }

    private static Task Error(HttpContext context, int status, string code, string message) =>
        Json(context, status, new { code, message });

    [GeneratedRegex("""from\(bucket: "([^"]+)"\)""")]
    private static partial Regex FromBucket();

    [GeneratedRegex(@"r(?:\.device_id|\[""device_id""\]) == ""([^""]+)""")]
    private static partial Regex DeviceFilter();

    [GeneratedRegex(@"range\(start: (\S+), stop: (\S+)\)")]
    private static partial Regex Range();

    private sealed record Problem(int Status, string Code, string Message);

    /// <summary>One write request as the server received it.</summary>
    public sealed record WriteRequest(string Bucket, bool Gzipped, IReadOnlyList<string> Lines);

    /// <summary>A point the query endpoint can answer with; the time is kept as RFC 3339 text to carry nanoseconds.</summary>
    public sealed record StoredPoint(string DeviceId, string Rfc3339Time, long Floor, long Seq)
    {
        public DateTimeOffset Time => DateTimeOffset.Parse(Rfc3339Time, CultureInfo.InvariantCulture);
    }
}
