using System.Diagnostics;

namespace CommandCenter.Stack;

/// <summary>Keeps the newest output lines of a child process for assertions and failure messages.</summary>
public sealed class ProcessLog
{
    private const int MaxLines = 2000;
    private readonly Queue<string> _lines = new();
    private readonly Lock _gate = new();

    public void Attach(Process process)
    {
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    public string Tail(int count = 40) => string.Join('\n', Lines.TakeLast(count));

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            if (_lines.Count == MaxLines)
            {
                _lines.Dequeue();
            }

            _lines.Enqueue(line);
        }
    }
}
