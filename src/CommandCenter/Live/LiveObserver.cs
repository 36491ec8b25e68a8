using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using Microsoft.AspNetCore.SignalR;

namespace CommandCenter.Live;

/// <summary>
/// This silo's receiver of live changes: forwards them to Blazor circuits, to the wall group, and to
/// each maintenance firm's group with only that firm's elevators and alarms.
/// </summary>
public sealed class LiveObserver(IHubContext<LiveHub> hub, LiveFeed feed, CityDirectory city) : ILiveObserver
{
    public async Task OnElevatorsChangedAsync(IReadOnlyList<ElevatorSnapshot> changes)
    {
        feed.Publish(LiveChange.Of(changes));
        await hub.Clients.Group(LiveHubContract.WallGroup).SendAsync(LiveHubContract.ElevatorsChanged, changes);
        foreach (var firm in changes.GroupBy(change => city.FindElevator(change.Id)?.Firm.Id))
        {
            if (firm.Key is { } firmId)
            {
                await hub.Clients.Group(LiveHubContract.FirmGroup(firmId)).SendAsync(LiveHubContract.ElevatorsChanged, firm.ToList());
            }
        }
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
