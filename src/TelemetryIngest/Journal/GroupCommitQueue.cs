using System.Threading.Channels;

namespace CommandCenter.TelemetryIngest.Journal;

/// <summary>
/// Collects items from many callers and commits them in groups on one background loop; each caller's
/// task completes when the group holding its item is committed (or fails with the commit's error).
/// One fsync or one transaction then serves thousands of messages.
/// </summary>
public sealed class GroupCommitQueue<T> : IAsyncDisposable
{
    private readonly Channel<(T Item, TaskCompletionSource Done)> _items =
        Channel.CreateUnbounded<(T, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Func<IReadOnlyList<T>, Task> _commit;
    private readonly int _maxGroup;
    private readonly Task _loop;

    public GroupCommitQueue(Func<IReadOnlyList<T>, Task> commit, int maxGroup = 10_000)
    {
        _commit = commit;
        _maxGroup = maxGroup;
        _loop = Task.Run(RunAsync);
    }

    public Task EnqueueAsync(T item)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _items.Writer.TryWrite((item, done))
            ? done.Task
            : Task.FromException(new ObjectDisposedException(nameof(GroupCommitQueue<T>)));
    }

    private async Task RunAsync()
    {
        var group = new List<(T Item, TaskCompletionSource Done)>(_maxGroup);
        var items = new List<T>(_maxGroup);
        while (await _items.Reader.WaitToReadAsync())
        {
            while (group.Count < _maxGroup && _items.Reader.TryRead(out var entry))
            {
                group.Add(entry);
                items.Add(entry.Item);
            }

            try
            {
                await _commit(items);
                group.ForEach(entry => entry.Done.TrySetResult());
            }
            catch (Exception ex)
            {
                group.ForEach(entry => entry.Done.TrySetException(ex));
            }

            group.Clear();
            items.Clear();
        }
    }

    /// <summary>Stops taking items and waits until those already taken are committed.</summary>
    public async ValueTask DisposeAsync()
    {
        _items.Writer.TryComplete();
        await _loop;
    }
}
