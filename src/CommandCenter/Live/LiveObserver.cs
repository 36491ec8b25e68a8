using CommandCenter.Grains.Abstractions;
using Microsoft.AspNetCore.SignalR;

namespace CommandCenter.Live;

/// <summary>This silo's receiver of live changes: forwards them to SignalR clients and Blazor circuits.</summary>
public sealed class LiveObserver(IHubContext<LiveHub> hub, LiveFeed feed) : ILiveObserver
{
    public async Task OnElevatorsChangedAsync(IReadOnlyList<ElevatorSnapshot> changes)
    {
        feed.Publish(changes);
        await hub.Clients.Group(LiveHubContract.WallGroup).SendAsync(LiveHubContract.ElevatorsChanged, changes);
    }
}
