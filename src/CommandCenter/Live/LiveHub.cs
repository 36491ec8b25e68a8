using CommandCenter.Elevators;
using CommandCenter.Grains.Abstractions;
using Microsoft.AspNetCore.SignalR;

namespace CommandCenter.Live;

/// <summary>Names shared by the hub, its callers and its clients.</summary>
public static class LiveHubContract
{
    public const string Path = "/hubs/live";

    /// <summary>Group of every wall screen: receives all elevator changes.</summary>
    public const string WallGroup = "wall";

    /// <summary>Client method receiving a batch of <see cref="ElevatorSnapshot"/>.</summary>
    public const string ElevatorsChanged = "elevatorsChanged";

    /// <summary>Client method receiving one <see cref="AlarmSnapshot"/> the moment it changes.</summary>
    public const string AlarmChanged = "alarmChanged";

    /// <summary>Group of one maintenance firm's consoles: its own alarms only.</summary>
    public static string FirmGroup(string firmId) => $"firm/{firmId}";
}

/// <summary>
/// Live push to wall screens and other clients. A client joins and gets a snapshot first, then the
/// deltas, so it never shows stale data after a (re)connect.
/// </summary>
public sealed class LiveHub(ElevatorQueries elevators) : Hub
{
    /// <summary>Joins the wall group and returns the current state of every elevator.</summary>
    public async Task<IReadOnlyList<ElevatorSnapshot>> JoinWall()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, LiveHubContract.WallGroup);
        return await elevators.GetAllAsync(Context.ConnectionAborted);
    }
}
