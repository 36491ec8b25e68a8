namespace CommandCenter.Plumbing;

/// <summary>
/// Runs an action at most once per interval, however often it is requested, and always once more
/// after the last request of a burst, so the newest state is never left unshown. <see cref="RunNow"/>
/// skips the wait for changes that must show at once (alarms).
/// </summary>
public sealed class Coalescer : IDisposable
{
    private readonly Func<Task> _action;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private long? _lastRun;
    private bool _pending;
    private bool _disposed;

    /// <param name="interval">Least time between two runs.</param>
    /// <param name="time">The clock.</param>
    /// <param name="action">Runs unawaited, so it reports its own failures (components send them to <c>DispatchExceptionAsync</c>).</param>
    public Coalescer(TimeSpan interval, TimeProvider time, Func<Task> action)
    {
        _action = action;
        _interval = interval;
        _time = time;
        _timer = time.CreateTimer(_ => RunPending(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void Request()
    {
        lock (_lock)
        {
            if (_disposed || _pending)
            {
                return;
            }

            var sinceLast = _lastRun is { } last ? _time.GetElapsedTime(last) : _interval;
            if (sinceLast < _interval)
            {
                _pending = true;
                _timer.Change(_interval - sinceLast, Timeout.InfiniteTimeSpan);
                return;
            }

            _lastRun = _time.GetTimestamp();
        }

        _ = _action();
    }

    public void RunNow()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _pending = false;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _lastRun = _time.GetTimestamp();
        }

        _ = _action();
    }

    private void RunPending()
    {
        lock (_lock)
        {
            if (_disposed || !_pending)
            {
                return;
            }

            _pending = false;
            _lastRun = _time.GetTimestamp();
        }

        _ = _action();
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
        }

        _timer.Dispose();
    }
}
