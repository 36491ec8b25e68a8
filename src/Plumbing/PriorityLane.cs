namespace CommandCenter.Plumbing;

/// <summary>
/// A thread of its own for the few steps of an alarm that would otherwise wait in the thread pool's queue: under load
/// that queue holds hundreds of status continuations, and each turn an alarm took there cost it tens of milliseconds.
/// Work posted here runs in order, one item at a time, beside the pool instead of behind it. It must be short and must
/// not block: it starts an operation (a grain call, a push) and lets that operation's completion carry on elsewhere.
/// </summary>
public sealed class PriorityLane : IDisposable
{
    private readonly object _gate = new();
    private readonly Queue<Action> _work = new();
    private readonly Action<Exception> _onError;
    private bool _closed;

    /// <param name="onError">Told of an exception a work item let escape; the lane goes on with the next item.</param>
    /// <param name="name">The thread's name, as debuggers and dumps show it.</param>
    public PriorityLane(Action<Exception> onError, string name = "priority lane")
    {
        _onError = onError;
        new Thread(Run) { IsBackground = true, Name = name }.Start();
    }

    /// <summary>Runs <paramref name="work"/> on the lane after what was posted before it; once the lane is disposed, on the thread pool.</summary>
    public void Post(Action work)
    {
        lock (_gate)
        {
            if (!_closed)
            {
                _work.Enqueue(work);
                if (_work.Count == 1)
                {
                    Monitor.Pulse(_gate);
                }

                return;
            }
        }

        ThreadPool.UnsafeQueueUserWorkItem(static state => state(), work, preferLocal: false);
    }

    /// <summary>Stops taking work; what was posted before still runs.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _closed = true;
            Monitor.Pulse(_gate);
        }
    }

    private void Run()
    {
        while (Take() is { } work)
        {
            try
            {
                work();
            }
            catch (Exception ex)
            {
                _onError(ex);
            }
        }
    }

    /// <summary>Waits for the next item; null once closed and drained.</summary>
    private Action? Take()
    {
        lock (_gate)
        {
            while (_work.Count == 0)
            {
                if (_closed)
                {
                    return null;
                }

                Monitor.Wait(_gate);
            }

            return _work.Dequeue();
        }
    }
}
