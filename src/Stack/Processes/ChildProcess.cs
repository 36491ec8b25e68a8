using System.Diagnostics;
using System.Runtime.InteropServices;

namespace CommandCenter.Stack;

/// <summary>
/// A program this process started: its output either kept in memory (<see cref="ProcessLog"/>, for tests)
/// or appended to a log file by the program itself in a session of its own (run.sh's servers), so that
/// Ctrl-C in the terminal reaches only the orchestrator, which decides the stop order, and a server
/// outlives an orchestrator that was killed.
/// </summary>
public sealed partial class ChildProcess : IDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;

    private ChildProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    /// <summary>What messages call it: "influxd", "silo 2".</summary>
    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Output kept in memory when started with <see cref="StartCaptured"/>; empty otherwise.</summary>
    public ProcessLog Log { get; } = new();

    /// <summary>Starts a program whose output is kept in <see cref="Log"/>; it stays in this process group.</summary>
    public static ChildProcess StartCaptured(string name, ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var child = new ChildProcess(Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start"), name);
        child.Log.Attach(child._process);
        return child;
    }

    /// <summary>
    /// Starts a program in a new session, its standard input empty and its output appended to
    /// <paramref name="logFile"/>. The shell execs setsid, which execs the program: one pid throughout.
    /// </summary>
    public static ChildProcess StartDetached(string name, ProcessStartInfo start, string logFile)
    {
        var detached = new ProcessStartInfo("/bin/sh") { WorkingDirectory = start.WorkingDirectory, UseShellExecute = false };
        foreach (var argument in (string[])["-c", "exec setsid \"$@\" </dev/null >>\"$0\" 2>&1", logFile, start.FileName, .. start.ArgumentList])
        {
            detached.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in start.Environment)
        {
            detached.Environment[key] = value;
        }

        return new ChildProcess(Process.Start(detached) ?? throw new InvalidOperationException($"{name} did not start"), name);
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>SIGTERM, then SIGKILL if it has not exited within <paramref name="grace"/>; says so when it had to kill.</summary>
    public async Task StopAsync(TimeSpan grace, TextWriter? messages = null)
    {
        if (_process.HasExited)
        {
            return;
        }

        Signal(_process.Id, SigTerm);
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            messages?.WriteLine($"{Name} (pid {_process.Id}) did not stop within {grace.TotalSeconds:F0}s; killing it.");
            await KillAsync();
        }
    }

    /// <summary>Kills it and everything it started, as a crash would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Lets go of the process handle; the process itself runs on unless stopped or killed first.</summary>
    public void Dispose() => _process.Dispose();

    /// <summary>Alive and not a zombie: a process nobody has reaped yet still answers kill -0.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The state follows the parenthesised command name, which may itself hold spaces or parentheses.
            return stat[(stat.LastIndexOf(')') + 2)..] is not ['Z', ..] and not ['X', ..];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>SIGTERM to a process this one did not start (an influxd left by an earlier run, a leaked test server), then SIGKILL after <paramref name="grace"/>.</summary>
    public static async Task StopAsync(int pid, TimeSpan grace)
    {
        Signal(pid, SigTerm);
        var deadline = DateTime.UtcNow + grace;
        while (IsAlive(pid) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        if (IsAlive(pid))
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
        }
    }

    private static void Signal(int pid, int signal) => _ = SendSignal(pid, signal);

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int SendSignal(int pid, int signal);
}
