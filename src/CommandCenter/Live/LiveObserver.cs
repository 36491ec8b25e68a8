using CommandCenter.Grains.Abstractions;
using CommandCenter.Protocol;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace CommandCenter.Live;

/// <summary>
/// This silo's receiver of live changes: forwards them to Blazor circuits and to the hub's groups —
/// the wall, and each elevator's firm, district and grid (<see cref="AreaScope"/>). Elevator changes
/// are coalesced per group (<see cref="LiveHubOptions.PushInterval"/>); alarms go out at once.
/// </summary>
public sealed class LiveObserver : ILiveObserver, IDisposable
{
    private readonly IHubContext<LiveHub, ILiveClient> _hub;
    private readonly LiveFeed _feed;
    private readonly AreaScope _areas;
    private readonly ElevatorPushBatcher _batcher;
    private readonly LiveWire _wire;

    public LiveObserver(
        IHubContext<LiveHub, ILiveClient> hub, LiveFeed feed, AreaScope areas, LiveWire wire, LiveMetrics metrics, IOptions<LiveHubOptions> options, TimeProvider time,
        ILogger<LiveObserver> logger)
    {
        _wire = wire;
        _hub = hub;
        _feed = feed;
        _areas = areas;
        _batcher = new ElevatorPushBatcher(
            options.Value.PushInterval,
            time,
            (group, batch) =>
            {
                metrics.Pushed(batch);
                return hub.Clients.Group(group).ElevatorsChanged(batch);
            },
            logger);
    }

    /// <summary>Least time between two elevator batches to one hub group.</summary>
    public TimeSpan PushInterval => _batcher.Interval;

    public Task OnElevatorsChangedAsync(IReadOnlyList<ElevatorSnapshot> changes)
    {
        _feed.Publish(LiveChange.Of(changes));
        foreach (var change in changes)
        {
            var wire = _wire.ToWire(change);
            _batcher.Add(LiveHubGroups.Wall, wire);
            foreach (var group in _areas.GroupsOf(change.Id))
            {
                _batcher.Add(group, wire);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Called on the alarm lane (<see cref="LiveChangeBuffer"/>): the hub's groups are sent to from there at once (a send
    /// serializes once and writes to the connections' pipes). This silo's Blazor circuits get the alarm from the thread
    /// pool instead, as a circuit whose dispatcher is free renders inline, which would hold up the lane.
    /// </summary>
    public Task OnAlarmChangedAsync(AlarmSnapshot alarm)
    {
        IEnumerable<string> groups = [LiveHubGroups.Wall, .. _areas.GroupsOf(alarm)];
        var wire = _wire.ToWire(alarm);
        var sent = Task.WhenAll(groups.Select(group => _hub.Clients.Group(group).AlarmChanged(wire)));
        ThreadPool.UnsafeQueueUserWorkItem(static pending => pending.Feed.Publish(pending.Change), (Feed: _feed, Change: LiveChange.Of(alarm)), preferLocal: false);
        return sent;
    }

    public void Dispose() => _batcher.Dispose();
}
