using CommandCenter.Auth;
using CommandCenter.Elevators;
using CommandCenter.Grains.Abstractions;
using Microsoft.AspNetCore.Authorization;
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
/// Live push to wall screens and firm consoles. A client joins and gets a snapshot first, then the
/// deltas, so it never shows stale data after a (re)connect (a reconnect is a new connection: join
/// again). Who may join what is decided by authorization policies, so a refusal fails the call with
/// a <see cref="HubException"/> and joins nothing:
/// <list type="bullet">
/// <item>the wall: anonymous wall screens and operators, never a firm account — the wall carries every firm's alarms;</item>
/// <item>a firm's group: that firm's own users (passing null or their own firm id) and operators (naming any firm).</item>
/// </list>
/// </summary>
public sealed class LiveHub(ElevatorQueries elevators, FirmScope firms) : Hub
{
    /// <summary>Joins the wall group and returns the current state of every elevator.</summary>
    [Authorize(Policy = ConsolePolicies.WallWatcher)]
    public async Task<IReadOnlyList<ElevatorSnapshot>> JoinWall()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, LiveHubContract.WallGroup);
        return await elevators.GetAllAsync(Context.ConnectionAborted);
    }

    /// <summary>
    /// Joins one firm's group and returns that firm's elevators and open alarms. Firm users pass
    /// null (or their own firm id); operators pass the firm they want to watch.
    /// </summary>
    [Authorize(Policy = ConsolePolicies.FirmWatcher)]
    public async Task<FirmSnapshot> JoinFirm(string? firmId)
    {
        var firm = firms.Authorize(Context.User, firmId).Firm ?? throw new HubException("Not allowed to watch this firm.");
        await Groups.AddToGroupAsync(Context.ConnectionId, LiveHubContract.FirmGroup(firm.Id));
        return await firms.GetSnapshotAsync(firm, Context.ConnectionAborted);
    }
}
