using CommandCenter.Grains.Abstractions;
using Microsoft.AspNetCore.SignalR;

namespace CommandCenter.Live;

/// <summary>This silo's receiver of live changes: forwards them to SignalR clients and Blazor circuits.</summary>
public sealed class LiveObserver(IHubContext<LiveHub> hub, LiveFeed feed) : ILiveObserver
{
    public async Task OnElevatorsChangedAsync(IReadOnlyList<ElevatorSnapshot> changes)
    {
        feed.Publish(LiveChange.Of(changes));
        await hub.Clients.Group(LiveHubContract.WallGroup).SendAsync(LiveHubContract.ElevatorsChanged, changes);
    }

    public async Task OnAlarmChangedAsync(AlarmSnapshot alarm)
    {
        feed.Publish(LiveChange.Of(alarm));
        await hub.Clients.Group(LiveHubContract.WallGroup).SendAsync(LiveHubContract.AlarmChanged, alarm);
        if (alarm.FirmId is { } firm)
        {
            await hub.Clients.Group(LiveHubContract.FirmGroup(firm)).SendAsync(LiveHubContract.AlarmChanged, alarm);
        }
    }
}
