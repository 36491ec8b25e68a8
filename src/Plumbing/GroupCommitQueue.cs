namespace CommandCenter.Plumbing;

/// <summary>
/// Collects items from many callers and commits them in groups on one dedicated thread; each caller's
/// task completes when the group holding its item is committed (or fails with the commit's error).
/// One fsync or one transaction then serves thousands of messages.
/// </summary>
/// <remarks>
/// The loop is a thread of its own, not a thread-pool task: under load the pool's queue holds hundreds
/// of message continuations, and a loop that had to wait its turn there two or three times per group
/// (wake-up, write, continuation) made every message wait ~100 ms per turn for a sub-millisecond fsync.
/// Commits are therefore run to completion on this thread; a synchronous commit (the spool's write
/// and fsync) costs no pool turn at all.
/// </remarks>
public sealed class GroupCommitQueue<T> : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly Func<IReadOnlyList<T>, Task> _commit;
    private readonly int _maxGroup;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private List<(T Item, TaskCompletionSource Done)> _waiting = [];
    private bool _closed;

    public GroupCommitQueue(Func<IReadOnlyList<T>, Task> commit, int maxGroup = 10_000, string name = "group commit")
    {
        _commit = commit;
        _maxGroup = maxGroup;
        new Thread(Run) { IsBackground = true, Name = name }.Start();
    }

    public Task EnqueueAsync(T item)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_closed)
            {
                return Task.FromException(new ObjectDisposedException(nameof(GroupCommitQueue<T>)));
            }

            _waiting.Add((item, done));
            if (_waiting.Count == 1)
            {
                Monitor.Pulse(_gate);
            }
        }

        return done.Task;
    }

    /// <summary>Stops taking items and waits until those already taken are committed.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _closed = true;
            Monitor.Pulse(_gate);
        }

        await _stopped.Task;
    }

    private void Run()
    {
        var items = new List<T>(_maxGroup);
        var group = new List<(T Item, TaskCompletionSource Done)>();
        while (TakeGroup(ref group))
        {
            items.AddRange(group.Select(entry => entry.Item));
            try
            {
                _commit(items).GetAwaiter().GetResult();
                group.ForEach(entry => entry.Done.TrySetResult());
            }
            catch (Exception ex)
            {
                group.ForEach(entry => entry.Done.TrySetException(ex));
            }

            group.Clear();
            items.Clear();
        }

        _stopped.TrySetResult();
    }

    /// <summary>Waits for items and swaps up to a group of them out; false once closed and drained.</summary>
    private bool TakeGroup(ref List<(T Item, TaskCompletionSource Done)> group)
    {
        lock (_gate)
        {
            while (_waiting.Count == 0)
            {
                if (_closed)
                {
                    return false;
                }

                Monitor.Wait(_gate);
            }

            if (_waiting.Count <= _maxGroup)
            {
                (group, _waiting) = (_waiting, group);
            }
            else
            {
                group.AddRange(_waiting.Take(_maxGroup));
                _waiting.RemoveRange(0, _maxGroup);
            }

            return true;
        }
    }
}
