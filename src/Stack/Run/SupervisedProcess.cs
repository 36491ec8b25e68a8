namespace CommandCenter.Stack.Run;

/// <summary>A process started again 2 s after it dies, as systemd's Restart=always would, until it is stopped.</summary>
public sealed class SupervisedProcess
{
    private static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(2);
    private readonly Func<ChildProcess> _start;
    private readonly string _logFile;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _supervision;

    public SupervisedProcess(Func<ChildProcess> start, string logFile)
    {
        _start = start;
        _logFile = logFile;
        Current = start();
        _supervision = SuperviseAsync();
    }

    /// <summary>The process running now (or the one that just died).</summary>
    public ChildProcess Current { get; private set; }

    /// <summary>Stops the process and its supervision; answers how the stop line names it.</summary>
    public async Task<string> StopAsync(TimeSpan grace, TextWriter messages)
    {
        await _stopping.CancelAsync();
        await Current.StopAsync(grace, messages);
        await _supervision;
        var stopped = $"{Current.Name} (pid {Current.Id})";
        Current.Dispose();
        return stopped;
    }

    private async Task SuperviseAsync()
    {
        while (true)
        {
            await Current.WaitForExitAsync();
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            await File.AppendAllTextAsync(_logFile, $"=== {Current.Name} exited with code {Current.ExitCode} at {DateTime.Now:s}; starting it again in 2 s ===\n");
            try
            {
                await Task.Delay(RestartDelay, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Current.Dispose();
            Current = _start();
        }
    }
}
