using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CommandCenter.Testing;

/// <summary>
/// A real <c>influxd</c> (Debian's 1.x) on ephemeral loopback ports with its data in a temporary
/// folder that is deleted on dispose. It can be stopped and started again on the same data.
/// </summary>
public sealed partial class InfluxServer : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);
    private readonly string _folder;
    private readonly string _configPath;
    private readonly HttpClient _http;
    private Process? _process;

    private InfluxServer(string folder, int httpPort, int rpcPort)
    {
        _folder = folder;
        _configPath = Path.Combine(folder, "influxdb.conf");
        HttpPort = httpPort;
        Url = $"http://127.0.0.1:{httpPort}";
        _http = new HttpClient { BaseAddress = new Uri(Url) };
        File.WriteAllText(_configPath, RewriteConfig(DefaultConfig(), folder, httpPort, rpcPort));
    }

    public int HttpPort { get; }

    public string Url { get; }

    public ProcessLog Log { get; } = new();

    public static async Task<InfluxServer> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("cc-influx-").FullName;
        var server = new InfluxServer(folder, FreePorts.Next(), FreePorts.Next());
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts influxd (again) on the same ports and data; returns when it answers /ping.</summary>
    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo("influxd", ["-config", _configPath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("influxd did not start");
        Log.Attach(_process);
        await Eventually.TrueAsync(
            async () => _process.HasExited
                ? throw new InvalidOperationException($"influxd exited with {_process.ExitCode}:\n{Log.Tail()}")
                : (await _http.GetAsync("/ping")).StatusCode == HttpStatusCode.NoContent,
            StartDeadline,
            $"influxd to answer /ping on {Url}");
    }

    /// <summary>Kills influxd, as an outage would; data stays for <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Runs InfluxQL against a database and returns the rows of every series (column name → value).</summary>
    public async Task<IReadOnlyList<Dictionary<string, JsonElement>>> QueryAsync(string database, string influxQl)
    {
        var json = await _http.GetStringAsync($"/query?db={Uri.EscapeDataString(database)}&epoch=ms&q={Uri.EscapeDataString(influxQl)}");
        using var document = JsonDocument.Parse(json);
        var rows = new List<Dictionary<string, JsonElement>>();
        foreach (var result in document.RootElement.GetProperty("results").EnumerateArray())
        {
            if (!result.TryGetProperty("series", out var seriesList))
            {
                continue;
            }

            foreach (var series in seriesList.EnumerateArray())
            {
                var columns = series.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToArray();
                rows.AddRange(series.GetProperty("values").EnumerateArray().Select(values =>
                    columns.Zip(values.EnumerateArray()).ToDictionary(pair => pair.First, pair => pair.Second.Clone())));
            }
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        _http.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static string DefaultConfig()
    {
        using var config = Process.Start(new ProcessStartInfo("influxd", ["config"]) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException("influxd not found: install Debian's influxdb package (./test.sh does)");
        var text = config.StandardOutput.ReadToEnd();
        config.WaitForExit();
        return text;
    }

    private static string RewriteConfig(string config, string folder, int httpPort, int rpcPort)
    {
        config = config.Replace("/var/lib/influxdb", folder, StringComparison.Ordinal);
        config = RpcBindAddress().Replace(config, $"bind-address = \"127.0.0.1:{rpcPort}\"", 1);
        config = HttpBindAddress().Replace(config, $"bind-address = \"127.0.0.1:{httpPort}\"", 1);
        config = config.Replace("reporting-disabled = false", "reporting-disabled = true", StringComparison.Ordinal);
        config = config.Replace("store-enabled = true", "store-enabled = false", StringComparison.Ordinal);
        return config.Replace("log-enabled = true", "log-enabled = false", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"bind-address = ""(127\.0\.0\.1)?:8088""")]
    private static partial Regex RpcBindAddress();

    [GeneratedRegex(@"bind-address = ""(127\.0\.0\.1)?:8086""")]
    private static partial Regex HttpBindAddress();
}
