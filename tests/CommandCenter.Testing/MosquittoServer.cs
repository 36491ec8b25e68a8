using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using CommandCenter.Protocol;

namespace CommandCenter.Testing;

/// <summary>
/// A real Mosquitto 2 (Debian's <c>mosquitto</c> package) on an ephemeral loopback port, without
/// persistence, its config and log in a temporary folder that is deleted on dispose: anonymous
/// (<see cref="StartAsync()"/>), or configured as <c>run.sh --cluster</c> configures it
/// (<see cref="StartForClusterAsync"/>). It can be killed and started again on the same port, as a
/// broker outage would look to its clients.
/// </summary>
public sealed class MosquittoServer : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/mosquitto";
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(15);
    private readonly string _folder;
    private readonly string _configPath;
    private readonly string _logPath;
    private Process? _process;

    private MosquittoServer(string folder, int port)
    {
        _folder = folder;
        _configPath = Path.Combine(folder, "mosquitto.conf");
        _logPath = Path.Combine(folder, "mosquitto.log");
        Port = port;
    }

    private static string RunAsUser => Environment.UserName;

    /// <summary>Loopback address the broker listens on.</summary>
    public string Host => "127.0.0.1";

    /// <summary>The port devices connect to (with <see cref="StartForClusterAsync"/>, the device listener).</summary>
    public int Port { get; }

    /// <summary>With <see cref="StartForClusterAsync"/>: the loopback listener the silos' ingest connects to; otherwise <see cref="Port"/>.</summary>
    public int IngestPort { get; private init; }

    /// <summary>With <see cref="StartForClusterAsync"/>: who ingest logs in as; otherwise null (anonymous).</summary>
    public string? IngestUsername { get; private init; }

    public string? IngestPassword { get; private init; }

    /// <summary>What Mosquitto printed before its log file was open (configuration errors, warnings).</summary>
    public ProcessLog Output { get; } = new();

    /// <summary>The broker's own log (connections, subscriptions, errors) for failure messages.</summary>
    public string LogTail(int count = 40)
    {
        if (!File.Exists(_logPath))
        {
            return "(no mosquitto log yet)";
        }

        // Mosquitto keeps the file open for writing.
        using var stream = new FileStream(_logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return string.Join('\n', reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(count));
    }

    /// <summary>An anonymous broker on one listener: any client may connect with any id and publish or subscribe anywhere.</summary>
    public static Task<MosquittoServer> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("cc-mosquitto-").FullName;
        var port = FreePorts.Next();
        var server = new MosquittoServer(folder, port) { IngestPort = port };
        File.WriteAllText(server._configPath, $"""
            # Run as root, Mosquitto would switch to the 'mosquitto' user, which cannot write this folder.
            user {RunAsUser}
            listener {server.Port} 127.0.0.1
            allow_anonymous true
            persistence false
            log_dest file {server._logPath}
            log_type error
            log_type warning
            log_type notice
            log_type information
            connection_messages true
            log_timestamp_format %H:%M:%S
            """);
        return StartAsync(server);
    }

    /// <summary>
    /// The broker of <c>run.sh --cluster</c> (<see cref="MosquittoClusterConfig"/>): a device listener on <see cref="Port"/>
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
        var server = new MosquittoServer(folder, config.DevicePort)
        {
            IngestPort = config.IngestPort,
            IngestUsername = config.IngestUsername,
            IngestPassword = config.IngestPassword,
        };
        if (config.WriteTo(folder) != server._configPath)
        {
            throw new InvalidOperationException($"MosquittoClusterConfig wrote its configuration somewhere other than {server._configPath}");
        }

        return StartAsync(server);
    }

    private static async Task<MosquittoServer> StartAsync(MosquittoServer server)
    {
        if (!File.Exists(Executable))
        {
            await server.DisposeAsync();
            throw new InvalidOperationException($"{Executable} not found: install Debian's mosquitto package (./test.sh does)");
        }

        try
        {
            await server.StartAgainAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Starts Mosquitto (again) on the same port; returns when it accepts TCP connections.</summary>
    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo(Executable, ["-c", _configPath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("mosquitto did not start");
        _process = process;
        Output.Attach(process);
        try
        {
            await Eventually.TrueAsync(
                async () => process.HasExited
                    ? throw new InvalidOperationException($"mosquitto exited with {process.ExitCode}:\n{Output.Tail()}\n{LogTail()}")
                    : await AcceptsConnectionsAsync(),
                StartDeadline,
                $"mosquitto to accept connections on {Host}:{Port}" + (IngestPort == Port ? "" : $" and {Host}:{IngestPort}"));
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\n{LogTail()}", ex);
        }
    }

    /// <summary>Kills Mosquitto, as a crash would; clients see their connections drop.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<bool> AcceptsConnectionsAsync() =>
        await AcceptsConnectionsAsync(Port) && (IngestPort == Port || await AcceptsConnectionsAsync(IngestPort));

    private async Task<bool> AcceptsConnectionsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(Host, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
