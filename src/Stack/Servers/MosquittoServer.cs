using System.Diagnostics;
using System.Security.Cryptography;
using CommandCenter.Protocol;

namespace CommandCenter.Stack;

/// <summary>
/// A real Mosquitto 2 (Debian's <c>mosquitto</c> package) on loopback: anonymous on an ephemeral port
/// (<see cref="StartAsync()"/>), configured as cluster mode has it (<see cref="MosquittoClusterConfig"/>) on
/// ephemeral ports in a temporary folder (<see cref="StartForClusterAsync"/>), both without persistence and
/// deleted on dispose, or run.sh --cluster's under <c>DATA/mosquitto</c> with persistence, in a session of
/// its own and logging to a file (<see cref="StartInDataFolderAsync"/>). It can be killed and started again
/// on the same ports, as a broker outage would look to its clients.
/// </summary>
public sealed class MosquittoServer : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/mosquitto";
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(15);
    private readonly string _folder;
    private readonly string _configPath;
    private readonly string _logPath;
    private readonly bool _ownsFolder;
    private ChildProcess? _process;

    private MosquittoServer(string folder, int port, string logPath, bool ownsFolder)
    {
        _folder = folder;
        _configPath = Path.Combine(folder, MosquittoClusterConfig.ConfigFileName);
        _logPath = logPath;
        _ownsFolder = ownsFolder;
        Port = port;
    }

    private static string RunAsUser => Environment.UserName;

    /// <summary>Loopback address the broker listens on.</summary>
    public string Host => "127.0.0.1";

    /// <summary>The port devices connect to (in cluster mode, the device listener).</summary>
    public int Port { get; }

    /// <summary>In cluster mode: the loopback listener the silos' ingest connects to; otherwise <see cref="Port"/>.</summary>
    public int IngestPort { get; private init; }

    /// <summary>In cluster mode: who ingest logs in as; otherwise null (anonymous).</summary>
    public string? IngestUsername { get; private init; }

    public string? IngestPassword { get; private init; }

    public int Pid => _process?.Id ?? 0;

    /// <summary>What Mosquitto printed before its log file was open (configuration errors, warnings).</summary>
    public ProcessLog Output => _process?.Log ?? new ProcessLog();

    /// <summary>The broker's own log (connections, subscriptions, errors) for failure messages.</summary>
    public string LogTail(int count = 40) => Readiness.TailOf(_logPath, count);

    /// <summary>An anonymous broker on one listener: any client may connect with any id and publish or subscribe anywhere.</summary>
    public static Task<MosquittoServer> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("cc-mosquitto-").FullName;
        var port = FreePorts.Next();
        var server = new MosquittoServer(folder, port, Path.Combine(folder, "mosquitto.log"), ownsFolder: true) { IngestPort = port };
        File.WriteAllText(server._configPath, $"""
            # Run as root, Mosquitto would switch to the 'mosquitto' user, which cannot write this folder.
            user {RunAsUser}
            listener {server.Port} 127.0.0.1
            allow_anonymous true
            persistence false
            # bench's baseline publishes faster than a subscriber may read (default 1000; beyond it messages are dropped).
            max_queued_messages 100000
            log_dest file {server._logPath}
            log_type error
            log_type warning
            log_type notice
            log_type information
            connection_messages true
            log_timestamp_format %H:%M:%S
            """);
        return StartAsync(server, logFile: null);
    }

    /// <summary>
    /// The broker of <c>run.sh --cluster</c> (<see cref="MosquittoClusterConfig"/>) on ephemeral ports: a device listener on <see cref="Port"/>
    /// where the client id is the user name and each of <paramref name="devices"/> may publish only its own kind's
    /// topics, and a loopback ingest listener on <see cref="IngestPort"/> for <see cref="IngestUsername"/> only.
    /// </summary>
    public static Task<MosquittoServer> StartForClusterAsync(IReadOnlyList<DemoCredential> devices)
    {
        var folder = Directory.CreateTempSubdirectory("cc-mosquitto-").FullName;
        var config = new MosquittoClusterConfig
        {
            Devices = devices,
            DevicePort = FreePorts.Next(),
            IngestPort = FreePorts.Next(),
            IngestPassword = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            LogFile = Path.Combine(folder, "mosquitto.log"),
            RunAsUser = RunAsUser,
        };
        return StartAsync(Configured(folder, config, config.LogFile, ownsFolder: true), logFile: null);
    }

    /// <summary>
    /// run.sh --cluster's broker: <paramref name="config"/> written to <paramref name="dataFolder"/>/mosquitto, sessions persisted
    /// there, started in a session of its own and logging to <paramref name="logFile"/>. Refuses when a port is taken.
    /// </summary>
    public static async Task<MosquittoServer> StartInDataFolderAsync(string dataFolder, MosquittoClusterConfig config, string logFile)
    {
        foreach (var port in (int[])[config.DevicePort, config.IngestPort])
        {
            if (await Readiness.AcceptsConnectionsAsync(port))
            {
                throw new InvalidOperationException($"port {port} is already in use; set CC_MQTT_PORT and CC_MQTT_INGEST_PORT to free ports.");
            }
        }

        var folder = Path.Combine(Path.GetFullPath(dataFolder), "mosquitto");
        Directory.CreateDirectory(folder);
        // One password file and ACL for both kinds of client, as older versions of run.sh wrote them.
        File.Delete(Path.Combine(folder, "passwd"));
        File.Delete(Path.Combine(folder, "acl"));
        config = config with { PersistenceFolder = Path.Combine(folder, "persistence") };
        Directory.CreateDirectory(config.PersistenceFolder);
        var server = Configured(folder, config, logFile, ownsFolder: false);
        // Debian's mosquitto drops to the mosquitto user when started as root; it must read its files and write its persistence.
        if (Environment.UserName == "root")
        {
            await CommandLine.RunAsync("chown", "-R", "mosquitto", folder);
        }

        return await StartAsync(server, logFile);
    }

    private static MosquittoServer Configured(string folder, MosquittoClusterConfig config, string logPath, bool ownsFolder)
    {
        var server = new MosquittoServer(folder, config.DevicePort, logPath, ownsFolder)
        {
            IngestPort = config.IngestPort,
            IngestUsername = config.IngestUsername,
            IngestPassword = config.IngestPassword,
        };
        if (config.WriteTo(folder) != server._configPath)
        {
            throw new InvalidOperationException($"MosquittoClusterConfig wrote its configuration somewhere other than {server._configPath}");
        }

        return server;
    }

    private static async Task<MosquittoServer> StartAsync(MosquittoServer server, string? logFile)
    {
        if (!File.Exists(Executable))
        {
            await server.DisposeAsync();
            throw new InvalidOperationException($"{Executable} not found: install Debian's mosquitto package (./test.sh does)");
        }

        try
        {
            await server.StartAgainAsync(logFile);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Starts Mosquitto (again) on the same ports; returns when it accepts TCP connections.</summary>
    public Task StartAgainAsync() => StartAgainAsync(logFile: null);

    private async Task StartAgainAsync(string? logFile)
    {
        var start = new ProcessStartInfo(Executable, ["-c", _configPath]);
        _process = logFile is null ? ChildProcess.StartCaptured("mosquitto", start) : ChildProcess.StartDetached("mosquitto", start, logFile);
        await Readiness.WaitAsync(
            _process,
            async () => await Readiness.AcceptsConnectionsAsync(Port) && await Readiness.AcceptsConnectionsAsync(IngestPort),
            StartDeadline,
            $"mosquitto to accept connections on {Host}:{Port}" + (IngestPort == Port ? "" : $" and {Host}:{IngestPort}"),
            () => $"{Output.Tail()}\n{LogTail()}");
    }

    /// <summary>Kills Mosquitto, as a crash would; clients see their connections drop.</summary>
    public async Task KillAsync()
    {
        if (_process is not null)
        {
            await _process.KillAsync();
            _process.Dispose();
            _process = null;
        }
    }

    /// <summary>Stops Mosquitto cleanly (SIGTERM; killed after <paramref name="grace"/>).</summary>
    public async Task StopAsync(TimeSpan grace, TextWriter? messages = null)
    {
        if (_process is not null)
        {
            await _process.StopAsync(grace, messages);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        if (_ownsFolder)
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
