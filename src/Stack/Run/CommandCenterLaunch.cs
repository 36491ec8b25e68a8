using System.Diagnostics;
using System.Net;

namespace CommandCenter.Stack.Run;

/// <summary>Starting the command center's Release build as run.sh and bench.sh do, and waiting for it to be healthy.</summary>
public static class CommandCenterLaunch
{
    public const string Configuration = "Release";

    public static string Output => Repository.CommandCenterOutput(Configuration);

    public static string Dll => Path.Combine(Output, "CommandCenter.dll");

    /// <summary>The host on <paramref name="httpPort"/> (loopback) with <paramref name="arguments"/>, in a session of its own, appending to <paramref name="logFile"/>.</summary>
    public static ChildProcess Start(string name, int httpPort, IEnumerable<string> arguments, string logFile, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = Start(httpPort, arguments);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        File.AppendAllText(logFile, $"\n=== {name} starting {DateTime.Now:s} ===\n");
        return ChildProcess.StartDetached(name, start, logFile);
    }

    /// <summary>How the host is started; for a supervisor that starts it again with the same settings.</summary>
    public static ProcessStartInfo Start(int httpPort, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet", [Dll, "--contentRoot", Output, "--urls", $"http://127.0.0.1:{httpPort}", .. arguments]);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__Console__FormatterOptions__ColorBehavior"] = "Disabled";
        return start;
    }

    /// <summary>
    /// Polls /health until 200. On failure throws with why: what /health said, or that the process exited,
    /// and the last lines of its log. <paramref name="progress"/> gets a dot a second.
    /// </summary>
    public static async Task WaitHealthyAsync(Func<ChildProcess> process, int httpPort, string logFile, TimeSpan deadline, TextWriter? progress, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var url = $"http://127.0.0.1:{httpPort}/health";
        var until = DateTime.UtcNow + deadline;
        while (DateTime.UtcNow < until && !process().HasExited)
        {
            try
            {
                using var response = await http.GetAsync(url, cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }

            progress?.Write('.');
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        progress?.WriteLine();
        var said = "";
        if (!process().HasExited)
        {
            try
            {
                said = $"/health said: {await http.GetStringAsync(url, cancellationToken)}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                said = "/health said: (no answer)";
            }
        }

        throw new InvalidOperationException(
            (process().HasExited
                ? "The command center exited during start-up."
                : $"The command center did not report healthy at {url} within {deadline.TotalSeconds:F0}s. {said}") +
            $"\n--- last lines of {logFile}:\n{Readiness.TailOf(logFile)}");
    }
}
