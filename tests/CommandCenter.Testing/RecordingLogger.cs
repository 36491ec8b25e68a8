using Microsoft.Extensions.Logging;

namespace CommandCenter.Testing;

/// <summary>A logger that keeps what it is given, with its level, for tests that assert what an operator would read.</summary>
public class RecordingLogger : ILogger
{
    private readonly List<(LogLevel Level, string Message)> _entries = [];

    public IReadOnlyList<(LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public IReadOnlyList<string> Messages => [.. Entries.Select(entry => entry.Message)];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries)
        {
            _entries.Add((logLevel, formatter(state, exception)));
        }
    }
}

/// <summary>A <see cref="RecordingLogger"/> for a class that takes a typed logger.</summary>
public sealed class RecordingLogger<T> : RecordingLogger, ILogger<T>;
