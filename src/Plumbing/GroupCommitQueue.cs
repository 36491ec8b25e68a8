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
/// Urgent items (alarms) go into the next group ahead of everything waiting, and their callers carry on
/// on a <see cref="PriorityLane"/> instead of queueing in the pool behind the group's other callers; the
/// commit thread only hands them over, so it never runs a caller's work.
/// </remarks>
public sealed class GroupCommitQueue<T> : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly Func<IReadOnlyList<T>, Task> _commit;
    private readonly int _maxGroup;
    private readonly PriorityLane? _urgentLane;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private List<(T Item, TaskCompletionSource Done)> _waiting = [];
    private readonly List<(T Item, TaskCompletionSource Done)> _urgent = [];
    private bool _closed;

    /// <param name="commit">Commits one group; called on the queue's own thread, one group at a time.</param>
    /// <param name="maxGroup">Most items in one group.</param>
    /// <param name="name">The thread's name.</param>
    /// <param name="urgentLane">Where callers of urgent items carry on after their commit; without it, they carry on in the pool as everyone else.</param>
    public GroupCommitQueue(Func<IReadOnlyList<T>, Task> commit, int maxGroup = 10_000, string name = "group commit", PriorityLane? urgentLane = null)
    {
        _commit = commit;
        _maxGroup = maxGroup;
        _urgentLane = urgentLane;
        new Thread(Run) { IsBackground = true, Name = name }.Start();
    }

    /// <summary>
    /// Completes once the group holding <paramref name="item"/> is committed. An urgent item is committed in the
    /// next group, ahead of the items already waiting, and its caller continues on the urgent lane.
    /// </summary>
    public Task EnqueueAsync(T item, bool urgent = false)
    {
        // On the lane the caller's continuation runs inline as its task completes: that is the point of the lane.
        var done = urgent && _urgentLane is not null
            ? new TaskCompletionSource()
            : new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_closed)
            {
                return Task.FromException(new ObjectDisposedException(nameof(GroupCommitQueue<T>)));
            }

            (urgent ? _urgent : _waiting).Add((item, done));
            if (_waiting.Count + _urgent.Count == 1)
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
        var urgent = new List<TaskCompletionSource>();
        while (TakeGroup(ref group, urgent))
        {
            items.AddRange(group.Select(entry => entry.Item));
            Exception? failure = null;
            try
            {
                _commit(items).GetAwaiter().GetResult();
            }
            catch (Exception ex)
            {
                failure = ex;
            }

            // Urgent callers first: the others' continuations go to the pool's queue, theirs to the lane.
            if (urgent.Count > 0)
            {
                var done = urgent.ToArray();
                _urgentLane!.Post(() => Complete(done, failure));
            }

            Complete(group.Skip(urgent.Count).Select(entry => entry.Done), failure);
            group.Clear();
            items.Clear();
            urgent.Clear();
        }

        _stopped.TrySetResult();
    }

    private static void Complete(IEnumerable<TaskCompletionSource> callers, Exception? failure)
    {
        foreach (var done in callers)
        {
            if (failure is null)
            {
                done.TrySetResult();
            }
            else
            {
                done.TrySetException(failure);
            }
        }
    }

    /// <summary>
    /// Waits for items and takes up to a group of them, urgent ones first; their callers, when they continue on the
    /// lane, are listed in <paramref name="urgentOnLane"/> (they lead the group). False once closed and drained.
    /// </summary>
    private bool TakeGroup(ref List<(T Item, TaskCompletionSource Done)> group, List<TaskCompletionSource> urgentOnLane)
    {
        lock (_gate)
        {
            while (_waiting.Count == 0 && _urgent.Count == 0)
            {
                if (_closed)
                {
                    return false;
                }

                Monitor.Wait(_gate);
            }

            if (_urgent.Count > 0)
            {
                var taken = Math.Min(_urgent.Count, _maxGroup);
                group.AddRange(_urgent.Take(taken));
                _urgent.RemoveRange(0, taken);
                if (_urgentLane is not null)
                {
                    urgentOnLane.AddRange(group.Select(entry => entry.Done));
                }
            }

            var room = _maxGroup - group.Count;
            if (group.Count == 0 && _waiting.Count <= room)
            {
                (group, _waiting) = (_waiting, group);
            }
            else
            {
                var taken = Math.Min(_waiting.Count, room);
                group.AddRange(_waiting.Take(taken));
                _waiting.RemoveRange(0, taken);
            }

            return true;
        }
    }
}
