using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace CommandCenter.Stack;

/// <summary>
/// A real Prometheus 2 (Debian's <c>prometheus</c> package) on a loopback ephemeral port, with a private configuration
/// and TSDB in a temporary folder deleted on dispose, scraping one target with a bearer token. Its HTTP API answers
/// PromQL (<see cref="QueryAsync"/>); its output is kept in <see cref="Log"/> for failure messages.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string Executable = "/usr/bin/prometheus";
    public const string Job = "commandcenter";
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);
    private readonly string _folder;
    private readonly HttpClient _http;
    private ChildProcess? _process;

    private PrometheusServer(string folder, int port)
    {
        _folder = folder;
        Port = port;
        Url = $"http://127.0.0.1:{port}";
        _http = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(5) };
    }

    public int Port { get; }

    public string Url { get; }

    /// <summary>What Prometheus logged (scrape errors show up here and in <see cref="TargetHealthAsync"/>).</summary>
    public ProcessLog Log => _process?.Log ?? new ProcessLog();

    /// <summary>
    /// Starts Prometheus scraping <paramref name="metricsUrl"/> every <paramref name="scrapeInterval"/> with
    /// <c>Authorization: Bearer <paramref name="bearerToken"/></c> (kept in a file only the configuration names); returns once it is ready.
    /// </summary>
    public static async Task<PrometheusServer> StartAsync(Uri metricsUrl, string bearerToken, TimeSpan scrapeInterval)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} not found: install Debian's prometheus package (./test.sh does)");
        }

        var server = new PrometheusServer(Directory.CreateTempSubdirectory("cc-prometheus-").FullName, FreePorts.Next());
        try
        {
            var tokenFile = Path.Combine(server._folder, "scrape-token");
            await File.WriteAllTextAsync(tokenFile, bearerToken);
            File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            var interval = string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, (int)scrapeInterval.TotalSeconds)}s");
            var config = Path.Combine(server._folder, "prometheus.yml");
            await File.WriteAllTextAsync(config, $"""
                global:
                  scrape_interval: {interval}
                  evaluation_interval: {interval}
                scrape_configs:
                  - job_name: {Job}
                    scheme: {metricsUrl.Scheme}
                    metrics_path: {metricsUrl.AbsolutePath}
                    authorization:
                      credentials_file: {tokenFile}
                    static_configs:
                      - targets: ['{metricsUrl.Authority}']
                """);
            var start = new ProcessStartInfo(Executable,
            [
                $"--config.file={config}",
                $"--storage.tsdb.path={Path.Combine(server._folder, "data")}",
                $"--web.listen-address=127.0.0.1:{server.Port}",
                "--log.level=warn",
            ]);
            server._process = ChildProcess.StartCaptured("prometheus", start);
            await Readiness.WaitAsync(server._process, server.IsReadyAsync, StartDeadline, $"prometheus to be ready on {server.Url}", () => server.Log.Tail());
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>An instant PromQL query: each series' labels and value.</summary>
    public async Task<IReadOnlyList<PromSample>> QueryAsync(string promQl)
    {
        using var response = await _http.GetAsync($"/api/v1/query?query={Uri.EscapeDataString(promQl)}");
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"PromQL {promQl} answered {(int)response.StatusCode}: {body}");
        }

        using var json = JsonDocument.Parse(body);
        return [.. json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray().Select(series => new PromSample(
            series.GetProperty("metric").EnumerateObject().ToDictionary(label => label.Name, label => label.Value.GetString() ?? ""),
            double.Parse(series.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)))];
    }

    /// <summary>The scrape target's health and last error as Prometheus sees it, for failure messages.</summary>
    public async Task<string> TargetHealthAsync()
    {
        using var response = await _http.GetAsync("/api/v1/targets");
        return await response.Content.ReadAsStringAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.KillAsync();
            _process.Dispose();
        }

        _http.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<bool> IsReadyAsync()
    {
        try
        {
            using var response = await _http.GetAsync("/-/ready");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}

/// <summary>One series of a PromQL answer.</summary>
public sealed record PromSample(IReadOnlyDictionary<string, string> Labels, double Value);
