using System.Collections.Concurrent;
using CommandCenter.Plumbing;
using CommandCenter.Protocol;

namespace CommandCenter.Live;

/// <summary>
/// Coalesces elevator changes per hub group: each group gets the newest snapshot of each elevator that
/// changed, at most once per interval, and the last change of a burst is never left behind. A group is
/// what its clients receive, so this bounds the pushes per client. Groups are the city's firms,
/// districts and grids and the wall, so their number is bounded by the city.
/// </summary>
public sealed class ElevatorPushBatcher(
    TimeSpan interval,
    TimeProvider time,
    Func<string, IReadOnlyList<LiveElevator>, Task> send,
    ILogger logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, GroupBatch> _groups = new(StringComparer.Ordinal);

    private readonly TimeProvider _time = time;
    private readonly Func<string, IReadOnlyList<LiveElevator>, Task> _send = send;
    private readonly ILogger _logger = logger;

    public TimeSpan Interval { get; } = interval;

    public void Add(string group, LiveElevator change) =>
        _groups.GetOrAdd(group, static (name, owner) => new GroupBatch(owner, name), this).Add(change);

    public void Dispose()
    {
        foreach (var batch in _groups.Values)
        {
            batch.Dispose();
        }
    }

    private sealed class GroupBatch : IDisposable
    {
        private readonly ElevatorPushBatcher _owner;
        private readonly string _group;
        private readonly Coalescer _coalescer;
        private readonly Lock _lock = new();
        private Dictionary<string, LiveElevator> _pending = new(StringComparer.Ordinal);

        public GroupBatch(ElevatorPushBatcher owner, string group)
        {
            _owner = owner;
            _group = group;
            _coalescer = new Coalescer(owner.Interval, owner._time, FlushAsync);
        }

        public void Add(LiveElevator change)
        {
            lock (_lock)
            {
                // Batches from several silos' notifiers can cross: keep the newer report.
                if (!_pending.TryGetValue(change.Id, out var known) || known.ReportedAt <= change.ReportedAt)
                {
                    _pending[change.Id] = change;
                }
            }

            _coalescer.Request();
        }

        private async Task FlushAsync()
        {
            LiveElevator[] batch;
            lock (_lock)
            {
                if (_pending.Count == 0)
                {
                    return;
                }

                batch = [.. _pending.Values];
                _pending = new Dictionary<string, LiveElevator>(StringComparer.Ordinal);
            }

            try
            {
                await _owner._send(_group, batch);
            }
            catch (Exception ex)
            {
                // The next change goes out with a fresh batch; a client that missed one re-joins for a snapshot.
                _owner._logger.LogWarning(ex, "Could not push {Count} elevator changes to hub group {Group}", batch.Length, _group);
            }
        }

        public void Dispose() => _coalescer.Dispose();
    }
}
