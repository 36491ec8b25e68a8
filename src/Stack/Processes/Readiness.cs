using System.Net.Sockets;

namespace CommandCenter.Stack;

/// <summary>Polls until a server is ready, its process exits, or a deadline passes.</summary>
public static class Readiness
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Returns once <paramref name="ready"/> holds. Throws <see cref="InvalidOperationException"/> when
    /// <paramref name="process"/> exits first and <see cref="TimeoutException"/> at the deadline, each with
    /// <paramref name="why"/>'s account (a log tail) of what went wrong.
    /// </summary>
    public static async Task WaitAsync(ChildProcess process, Func<Task<bool>> ready, TimeSpan deadline, string what, Func<string> why)
    {
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited with {process.ExitCode} before {what}:\n{why()}");
            }

            if (await ready())
            {
                return;
            }

            if (DateTime.UtcNow >= until)
            {
                throw new TimeoutException($"Timed out after {deadline.TotalSeconds:F0} s waiting for {what}:\n{why()}");
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Returns once <paramref name="condition"/> holds; throws <see cref="TimeoutException"/> naming <paramref name="what"/> at the deadline.</summary>
    public static async Task UntilAsync(Func<bool> condition, TimeSpan deadline, string what)
    {
        var until = DateTime.UtcNow + deadline;
        while (!condition())
        {
            if (DateTime.UtcNow >= until)
            {
                throw new TimeoutException($"Timed out after {deadline.TotalSeconds:F0} s waiting for {what}.");
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Whether something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<bool> AcceptsConnectionsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The last lines of a log file a server may still be writing.</summary>
    public static string TailOf(string logFile, int count = 30)
    {
        if (!File.Exists(logFile))
        {
            return $"(no {logFile} yet)";
        }

        using var stream = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return string.Join('\n', reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(count));
    }
}
