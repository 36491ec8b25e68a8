namespace CommandCenter.Plumbing;

/// <summary>
/// Group commit for a reentrant grain that rewrites its whole state on every change (an index
/// shard, a directory). Changes made while a write is in flight share the next write, and a
/// caller's task completes only once a write that includes its change has succeeded: under load
/// the grain writes once per storage round trip instead of once per change, and still never
/// answers before the change is durable. Use it only from the grain's own turns (it is not thread-safe).
/// </summary>
/// <param name="write">Writes a snapshot of everything changed so far.</param>
public sealed class GroupCommit(Func<Task> write)
{
    private TaskCompletionSource? _next;
    private Task _inFlight = Task.CompletedTask;
    private bool _writing;
    private bool _failed;

    /// <summary>Call right after changing the state; completes once a write including the change succeeded.</summary>
    public Task SaveAsync()
    {
        if (_next is { } pending)
        {
            return pending.Task;
        }

        var batch = _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_writing)
        {
            // Runs synchronously up to the write's first await, taking this batch with it.
            _ = WriteLoopAsync();
        }

        return batch.Task;
    }

    /// <summary>
    /// For a call that changed nothing because an earlier one already made the change: completes
    /// once that change is stored, so a repeated request is not answered before the first is durable.
    /// </summary>
    public Task StoredAsync() => _next?.Task ?? (_failed ? SaveAsync() : _inFlight);

    private async Task WriteLoopAsync()
    {
        _writing = true;
        while (_next is { } batch)
        {
            _next = null;
            _inFlight = batch.Task;
            try
            {
                await write();
                _failed = false;
                batch.SetResult();
            }
            catch (Exception ex)
            {
                // Memory now holds changes storage lacks; the next save or StoredAsync writes them again.
                _failed = true;
                batch.SetException(ex);
            }
        }

        _writing = false;
    }
}
