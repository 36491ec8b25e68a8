using System.Collections.Immutable;
using CommandCenter.Grains.Abstractions;

namespace CommandCenter.Live;

/// <summary>One push to this silo's circuits: a coalesced batch of elevator changes, or one alarm change.</summary>
public sealed record LiveChange(IReadOnlyList<ElevatorSnapshot> Elevators, AlarmSnapshot? Alarm)
{
    public static LiveChange Of(IReadOnlyList<ElevatorSnapshot> elevators) => new(elevators, null);

    public static LiveChange Of(AlarmSnapshot alarm) => new([], alarm);
}

/// <summary>
/// In-process fan-out of live changes to this silo's Blazor circuits. A slow subscriber never holds
/// up the others: each callback runs on its own and its failures stay with it.
/// </summary>
public sealed class LiveFeed(ILogger<LiveFeed> logger)
{
    private ImmutableArray<Subscription> _subscribers = [];

    public IDisposable Subscribe(Func<LiveChange, Task> onChange)
    {
        var subscription = new Subscription(this, onChange);
        ImmutableInterlocked.Update(ref _subscribers, (list, item) => list.Add(item), subscription);
        return subscription;
    }

    public void Publish(LiveChange change)
    {
        foreach (var subscription in _subscribers)
        {
            _ = DeliverAsync(subscription, change);
        }
    }

    private async Task DeliverAsync(Subscription subscription, LiveChange change)
    {
        try
        {
            await subscription.OnChange(change);
        }
        catch (Exception ex) when (ClosedScreen.Explains(ex))
        {
            logger.LogDebug(ex, "A screen closed while a live change was on its way to it");
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "A live-feed subscriber failed to take a change");
        }
    }

    private void Remove(Subscription subscription) =>
        ImmutableInterlocked.Update(ref _subscribers, (list, item) => list.Remove(item), subscription);

    private sealed class Subscription(LiveFeed feed, Func<LiveChange, Task> onChange) : IDisposable
    {
        public Func<LiveChange, Task> OnChange { get; } = onChange;

        public void Dispose() => feed.Remove(this);
    }
}
