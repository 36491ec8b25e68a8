using System.Collections.Immutable;
using CommandCenter.Grains.Abstractions;

namespace CommandCenter.Live;

/// <summary>
/// In-process fan-out of live changes to this silo's Blazor circuits. A slow subscriber never holds
/// up the others: each callback runs on its own and its failures stay with it.
/// </summary>
public sealed class LiveFeed(ILogger<LiveFeed> logger)
{
    private ImmutableArray<Subscription> _subscribers = [];

    public IDisposable Subscribe(Func<IReadOnlyList<ElevatorSnapshot>, Task> onChanges)
    {
        var subscription = new Subscription(this, onChanges);
        ImmutableInterlocked.Update(ref _subscribers, (list, item) => list.Add(item), subscription);
        return subscription;
    }

    public void Publish(IReadOnlyList<ElevatorSnapshot> changes)
    {
        foreach (var subscription in _subscribers)
        {
            _ = DeliverAsync(subscription, changes);
        }
    }

    private async Task DeliverAsync(Subscription subscription, IReadOnlyList<ElevatorSnapshot> changes)
    {
        try
        {
            await subscription.OnChanges(changes);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "A live-feed subscriber failed to take {Count} changes", changes.Count);
        }
    }

    private void Remove(Subscription subscription) =>
        ImmutableInterlocked.Update(ref _subscribers, (list, item) => list.Remove(item), subscription);

    private sealed class Subscription(LiveFeed feed, Func<IReadOnlyList<ElevatorSnapshot>, Task> onChanges) : IDisposable
    {
        public Func<IReadOnlyList<ElevatorSnapshot>, Task> OnChanges { get; } = onChanges;

        public void Dispose() => feed.Remove(this);
    }
}
