using System.Diagnostics;
using System.Net.Sockets;

namespace CommandCenter.Testing;

/// <summary>
/// A real Mosquitto 2 (Debian's <c>mosquitto</c> package) on an ephemeral loopback port: anonymous,
/// without persistence, its config and log in a temporary folder that is deleted on dispose. It can be
/// killed and started again on the same port, as a broker outage would look to its clients.
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
        File.WriteAllText(_configPath, $"""
            # Run as root, Mosquitto would switch to the 'mosquitto' user, which cannot write this folder.
            user {Environment.UserName}
            listener {port} 127.0.0.1
            allow_anonymous true
            persistence false
            log_dest file {_logPath}
            log_type error
            log_type warning
            log_type notice
            log_type information
            connection_messages true
            log_timestamp_format %H:%M:%S
            """);
    }

    /// <summary>Loopback address the broker listens on.</summary>
    public string Host => "127.0.0.1";

    public int Port { get; }

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

    public static async Task<MosquittoServer> StartAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} not found: install Debian's mosquitto package (./test.sh does)");
        }

        var server = new MosquittoServer(Directory.CreateTempSubdirectory("cc-mosquitto-").FullName, FreePorts.Next());
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
                $"mosquitto to accept connections on {Host}:{Port}");
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

    private async Task<bool> AcceptsConnectionsAsync()
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(Host, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
