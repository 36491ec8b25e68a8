using System.Diagnostics;

namespace CommandCenter.Stack.Run;

/// <summary>The Release build run.sh and bench.sh start the command center and the simulators from.</summary>
public static class ReleaseBuild
{
    /// <summary>Builds the solution, its output in <paramref name="logFile"/>; throws with the log's last lines when it fails.</summary>
    public static async Task<TimeSpan> RunAsync(string logFile)
    {
        var watch = Stopwatch.StartNew();
        var (exitCode, log) = await CommandLine.RunAsync("dotnet", "build", Repository.Solution, "-c", CommandCenterLaunch.Configuration, "-nologo");
        await File.WriteAllTextAsync(logFile, log);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"build failed. Last lines of {logFile}:\n{Readiness.TailOf(logFile)}");
        }

        foreach (var built in (string[])[CommandCenterLaunch.Dll, SimulatorsDll])
        {
            if (!File.Exists(built))
            {
                throw new InvalidOperationException($"build produced no {built}");
            }
        }

        return watch.Elapsed;
    }

    public static string SimulatorsDll => Repository.SimulatorsDll(CommandCenterLaunch.Configuration);
}
