using Microsoft.AspNetCore.SignalR;

namespace CommandCenter.Protocol;

/// <summary>
/// The events the live hub pushes to its clients. The server calls them through <c>Hub&lt;ILiveClient&gt;</c>;
/// a client subscribes to each by its <see cref="LiveHubNames"/> name with the same payload type.
/// </summary>
public interface ILiveClient
{
    /// <summary>
    /// The newest state of each elevator of the group that changed since the last batch, at most once per
    /// push interval. Batches from several silos can cross: keep the copy with the newer <c>status.ts</c>.
    /// </summary>
    [HubMethodName(LiveHubNames.ElevatorsChanged)]
    Task ElevatorsChanged(IReadOnlyList<LiveElevator> batch);

    /// <summary>One alarm, the moment it changes: keep the copy with more <c>steps</c>.</summary>
    [HubMethodName(LiveHubNames.AlarmChanged)]
    Task AlarmChanged(LiveAlarm alarm);

    /// <summary>A sign-in address, a user name at an address or an API client started being throttled.</summary>
    [HubMethodName(LiveHubNames.Throttled)]
    Task Throttled(ThrottleAlert alert);
}
