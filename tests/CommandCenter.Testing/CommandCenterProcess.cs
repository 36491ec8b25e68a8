using System.Diagnostics;
using System.Net;

namespace CommandCenter.Testing;

/// <summary>
/// The real command center, started from its build output as a user would run it, on ephemeral
/// ports (HTTP, MQTT, Orleans) and pointed at a given InfluxDB. Its output is kept for assertions.
/// </summary>
public sealed class CommandCenterProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(90);
    private readonly Process _process;

    private CommandCenterProcess(Process process, int httpPort, int mqttPort)
    {
        _process = process;
        HttpPort = httpPort;
        MqttPort = mqttPort;
        BaseUrl = $"http://127.0.0.1:{httpPort}";
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        Log.Attach(process);
    }

    public int HttpPort { get; }

    public int MqttPort { get; }

    public string BaseUrl { get; }

    public HttpClient Http { get; }

    public ProcessLog Log { get; } = new();

    /// <summary>Lines the host logged at error or critical level.</summary>
    public IReadOnlyList<string> ErrorLines => Log.Lines.Where(l => l.Contains(" fail: ", StringComparison.Ordinal) || l.Contains(" crit: ", StringComparison.Ordinal)).ToList();

    /// <summary>Starts the host and returns once <c>/health</c> answers 200.</summary>
    public static async Task<CommandCenterProcess> StartAsync(string influxUrl, params string[] extraArguments)
    {
        var httpPort = FreePorts.Next();
        var mqttPort = FreePorts.Next();
        var output = RepositoryPaths.CommandCenterOutput;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = output,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] arguments =
        [
            Path.Combine(output, "CommandCenter.dll"),
            "--urls", $"http://127.0.0.1:{httpPort}",
            "--contentRoot", output,
            $"--Mqtt:Port={mqttPort}",
            $"--Influx:Url={influxUrl}",
            $"--Orleans:SiloPort={FreePorts.Next()}",
            $"--Orleans:GatewayPort={FreePorts.Next()}",
            .. extraArguments,
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        var host = new CommandCenterProcess(
            Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"), httpPort, mqttPort);
        try
        {
            await Eventually.TrueAsync(
                async () => host._process.HasExited
                    ? throw new InvalidOperationException($"command center exited with {host._process.ExitCode}:\n{host.Log.Tail()}")
                    : (await host.Http.GetAsync("/health")).StatusCode == HttpStatusCode.OK,
                StartDeadline,
                "the command center to report healthy");
        }
        catch (TimeoutException ex)
        {
            await host.DisposeAsync();
            throw new TimeoutException($"{ex.Message}\n{host.Log.Tail()}", ex);
        }

        return host;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Http.Dispose();
    }
}
