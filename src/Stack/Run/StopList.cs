namespace CommandCenter.Stack.Run;

/// <summary>
/// What a run started, stopped in the reverse order of starting (producers first, so nothing writes to a
/// store that is already gone), each by its own means; then one line names what was stopped.
/// </summary>
public sealed class StopList
{
    private readonly Stack<(string Name, Func<Task<string?>> StopAsync)> _started = new();

    /// <summary>
    /// Adds what was just started: <paramref name="stopAsync"/> stops it and answers how the closing line names it
    /// ("influxd (pid 42)"), or null when it left it running.
    /// </summary>
    public void Add(string name, Func<Task<string?>> stopAsync) => _started.Push((name, stopAsync));

    public async Task StopAllAsync(TextWriter output)
    {
        var stopped = new List<string>();
        while (_started.TryPop(out var started))
        {
            try
            {
                if (await started.StopAsync() is { } label)
                {
                    stopped.Add(label);
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException)
            {
                output.WriteLine($"Stopping {started.Name} failed: {ex.Message}");
            }
        }

        if (stopped.Count > 0)
        {
            output.WriteLine($"Stopped: {string.Join(", ", stopped)}.");
        }
    }
}
