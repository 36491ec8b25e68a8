using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace CommandCenter.Stack;

/// <summary>
/// A real <c>influxd</c> (Debian's 1.x) on loopback, its meta, data and WAL under one folder, configured
/// from <c>influxd config</c>'s defaults. Two ways to have one:
/// <list type="bullet">
/// <item><see cref="StartAsync()"/>: ephemeral ports, a temporary folder deleted on dispose, output kept in
/// <see cref="Log"/> (tests; it can be killed and started again on the same data, as an outage);</item>
/// <item><see cref="StartInDataFolderAsync"/>: run.sh's, under <c>DATA/influxdb</c> on given ports, in a session
/// of its own, logging to a file, and reused when an earlier run that was killed left it running.</item>
/// </list>
/// </summary>
public sealed class InfluxServer : IAsyncDisposable
{
    /// <summary>How long a clean stop may take before influxd is killed; it flushes its caches first.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);
    private readonly string _folder;
    private readonly string _configPath;
    private readonly string? _logFile;
    private readonly bool _ownsFolder;
    private readonly HttpClient _http;
    private ChildProcess? _process;

    private InfluxServer(string folder, int httpPort, string? logFile, bool ownsFolder)
    {
        _folder = folder;
        _configPath = Path.Combine(folder, "influxd.conf");
        _logFile = logFile;
        _ownsFolder = ownsFolder;
        HttpPort = httpPort;
        Url = $"http://127.0.0.1:{httpPort}";
        _http = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(5) };
    }

    public int HttpPort { get; }

    public string Url { get; }

    /// <summary>The running influxd's pid; with <see cref="Reused"/>, one this process did not start.</summary>
    public int Pid { get; private set; }

    /// <summary>An influxd an earlier run left running on this folder, taken over instead of started.</summary>
    public bool Reused { get; private set; }

    /// <summary>Output of an influxd started by <see cref="StartAsync()"/>; empty with a log file.</summary>
    public ProcessLog Log => _process?.Log ?? new ProcessLog();

    private string PidFile => Path.Combine(_folder, "influxd.pid");

    /// <summary>
    /// A throwaway influxd on ephemeral ports in a temporary folder. A port found free can be taken by another
    /// process before influxd binds it; then it starts again on other ports, a few times at most.
    /// </summary>
    public static async Task<InfluxServer> StartAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var server = new InfluxServer(Directory.CreateTempSubdirectory("cc-influx-").FullName, FreePorts.Next(), logFile: null, ownsFolder: true);
            try
            {
                await server.WriteConfigAsync(FreePorts.Next());
                await server.StartAgainAsync();
                return server;
            }
            catch (InvalidOperationException ex) when (attempt < 3 && ex.Message.Contains("address already in use", StringComparison.Ordinal))
            {
                await server.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// run.sh's influxd: data under <paramref name="dataFolder"/>/influxdb, HTTP and RPC on the given loopback ports,
    /// appending to <paramref name="logFile"/>. An influxd that the folder's pid file proves ours and that answers
    /// on <paramref name="httpPort"/> is reused. Refuses, naming <paramref name="portVariable"/>, when another
    /// process holds a port.
    /// </summary>
    public static async Task<InfluxServer> StartInDataFolderAsync(string dataFolder, int httpPort, int rpcPort, string logFile, string portVariable)
    {
        var server = new InfluxServer(Path.Combine(Path.GetFullPath(dataFolder), "influxdb"), httpPort, logFile, ownsFolder: false);
        Directory.CreateDirectory(server._folder);
        if (server.LeftRunningPid() is { } pid)
        {
            if (File.Exists(server._configPath) && (await File.ReadAllTextAsync(server._configPath)).Contains(BindAddress(httpPort), StringComparison.Ordinal)
                && await server.AnswersPingAsync())
            {
                (server.Pid, server.Reused) = (pid, true);
                return server;
            }

            throw new InvalidOperationException(
                $"The influxd of {server._folder} (pid {pid}) is already running but does not answer on port {httpPort}\n" +
                $"(its config: {server._configPath}). Stop it (kill {pid}) or set {portVariable} to the port it uses.");
        }

        if (await Readiness.AcceptsConnectionsAsync(httpPort))
        {
            throw new InvalidOperationException(
                $"Port {httpPort} is already in use by another process (not the influxd of {server._folder}).\n" +
                $"Set {portVariable} to a free port, or stop that process (a system service? try: systemctl stop influxdb).");
        }

        if (await Readiness.AcceptsConnectionsAsync(rpcPort))
        {
            throw new InvalidOperationException(
                $"influxd's RPC port {rpcPort} is already in use by another process.\nSet CC_INFLUX_RPC_PORT to a free port (default: the HTTP port + 2).");
        }

        await server.WriteConfigAsync(rpcPort);
        await File.AppendAllTextAsync(logFile, $"\n=== influxd starting {DateTime.Now:s} (http {httpPort}, rpc {rpcPort}) ===\n");
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts influxd (again) on the same ports and data; returns when it answers /ping.</summary>
    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo("influxd", ["-config", _configPath, "-pidfile", PidFile]);
        _process = _logFile is null ? ChildProcess.StartCaptured("influxd", start) : ChildProcess.StartDetached("influxd", start, _logFile);
        (Pid, Reused) = (_process.Id, false);
        try
        {
            await Readiness.WaitAsync(_process, AnswersPingAsync, StartDeadline, $"influxd to answer {Url}/ping", LogTail);
        }
        catch
        {
            await _process.StopAsync(TimeSpan.FromSeconds(10));
            throw;
        }
    }

    /// <summary>Kills influxd, as an outage would; data stays for <see cref="StartAgainAsync"/>.</summary>
    public async Task KillAsync()
    {
        if (_process is not null)
        {
            await _process.KillAsync();
        }
    }

    /// <summary>Stops influxd cleanly (SIGTERM, killed after <see cref="StopGrace"/>), the one it reused too.</summary>
    public async Task StopAsync(TextWriter? messages = null)
    {
        if (_process is not null)
        {
            await _process.StopAsync(StopGrace, messages);
        }
        else if (Reused)
        {
            await ChildProcess.StopAsync(Pid, StopGrace);
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

    /// <summary>Posts line protocol to a database; true when influxd stored it (204).</summary>
    public async Task<bool> WriteAsync(string database, HttpContent lines, CancellationToken cancellationToken = default)
    {
        using var response = await _http.PostAsync($"/write?db={Uri.EscapeDataString(database)}&precision=ns", lines, cancellationToken);
        return response.StatusCode == HttpStatusCode.NoContent;
    }

    public async Task CreateDatabaseAsync(string database)
    {
        using var response = await _http.PostAsync("/query", new FormUrlEncodedContent([new("q", $"CREATE DATABASE \"{database}\"")]));
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        _http.Dispose();
        if (_ownsFolder)
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private string LogTail() => _logFile is null ? Log.Tail() : Readiness.TailOf(_logFile);

    private async Task<bool> AnswersPingAsync()
    {
        try
        {
            using var response = await _http.GetAsync("/ping");
            return response.StatusCode == HttpStatusCode.NoContent;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>The influxd named by the pid file, if it is still running (a run killed with SIGKILL leaves it).</summary>
    private int? LeftRunningPid() =>
        File.Exists(PidFile) && int.TryParse(File.ReadAllText(PidFile).Trim(), out var pid) && ChildProcess.IsAlive(pid)
        && File.ReadAllText($"/proc/{pid}/cmdline").Contains("influxd", StringComparison.Ordinal)
            ? pid
            : null;

    private static string BindAddress(int port) => $"bind-address = \"127.0.0.1:{port}\"";

    private async Task WriteConfigAsync(int rpcPort)
    {
        if (!File.Exists(DebianPackages.Influxdb.InstalledFile))
        {
            throw new InvalidOperationException("influxd not found: install Debian's influxdb package (./run.sh and ./test.sh do)");
        }

        // Standard output only: influxd says on standard error which configuration it merged.
        var defaults = await CommandLine.ReadOutputAsync("influxd", "config");
        var config = RewriteConfig(defaults, _folder, HttpPort, rpcPort);
        if (!config.Contains(BindAddress(HttpPort), StringComparison.Ordinal) || !config.Contains(BindAddress(rpcPort), StringComparison.Ordinal)
            || !config.Contains($"{_folder}/wal", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Could not rewrite the output of 'influxd config' for {_configPath}; unsupported influxd version?");
        }

        await File.WriteAllTextAsync(_configPath, config);
    }

    /// <summary>The packaged defaults with everything under <paramref name="folder"/>, bound to loopback only, quiet.</summary>
    internal static string RewriteConfig(string defaults, string folder, int httpPort, int rpcPort)
    {
        var config = new StringBuilder();
        var section = "";
        foreach (var line in defaults.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith('['))
            {
                section = trimmed;
            }

            var key = trimmed.Split('=', 2)[0].Trim();
            config.AppendLine((section, key) switch
            {
                ("", "bind-address") => BindAddress(rpcPort),
                ("", "reporting-enabled") => "reporting-enabled = false",
                ("", "reporting-disabled") => "reporting-disabled = true",
                ("[meta]", "dir") => $"  dir = \"{folder}/meta\"",
                ("[data]", "dir") => $"  dir = \"{folder}/data\"",
                ("[data]", "wal-dir") => $"  wal-dir = \"{folder}/wal\"",
                ("[data]", "query-log-enabled") => "  query-log-enabled = false",
                ("[monitor]", "store-enabled") => "  store-enabled = false",
                ("[http]", "bind-address") => "  " + BindAddress(httpPort),
                ("[http]", "log-enabled") => "  log-enabled = false",
                _ => line,
            });
        }

        return config.ToString();
    }
}
