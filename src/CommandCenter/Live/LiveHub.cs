using CommandCenter.Auth;
using CommandCenter.Elevators;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Protocol;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace CommandCenter.Live;

/// <summary>The hub's groups, the server's own affair; what clients see is <see cref="LiveHubNames"/>.</summary>
public static class LiveHubGroups
{
    /// <summary>Group of every wall screen: receives all elevator changes.</summary>
    public const string Wall = "wall";

    /// <summary>Group of the admins and city operators who want to know at once when throttling starts.</summary>
    public const string SecurityAlerts = "security-alerts";

    /// <summary>Prefix of every firm group's name.</summary>
    public const string FirmPrefix = "firm/";

    /// <summary>Group of one maintenance firm's consoles: its own alarms only.</summary>
    public static string Firm(string firmId) => FirmPrefix + firmId;

    /// <summary>Group of the screens watching one district or grid (by area key): its elevators and their alarms.</summary>
    public static string Area(string areaKey) => $"area/{areaKey}";
}

/// <summary>
/// Live push to wall screens, area screens and firm consoles. A join returns the snapshot; the deltas
/// that follow are <c>elevatorsChanged</c> batches (coalesced per group, a few a second) and
/// <c>alarmChanged</c> (at once). The connection is added to the group before the snapshot is read, so
/// no change falls between the two; a delta can therefore overtake the join's answer, and clients keep
/// the newer copy (an elevator's newer <c>status.ts</c>, an alarm's longer <c>steps</c>). A reconnect is a
/// new connection: join again. Who may join what is decided by authorization policies, so a refusal
/// fails the call with a <see cref="HubException"/> and joins nothing:
/// <list type="bullet">
/// <item>the wall: city-wide operators and wall screens; a district or a grid: operators, wall screens,
/// street and community staff and grid workers whose scope covers it, never a firm account — an area
/// carries every firm's alarms in it (an unknown area key is refused the same way);</item>
/// <item>a firm's group: that firm's own users (passing null or their own firm id) and city-wide operators (naming any firm);</item>
/// <item>security alerts (<c>throttled</c>): admins and city-wide operators.</item>
/// </list>
/// A connection whose user is revoked (sessions ended, locked, deleted, API key revoked) is closed within
/// <see cref="ConsoleAuthExtensions.RevocationCheckInterval"/> (<see cref="LiveHubRevalidation"/>).
/// </summary>
/// <remarks>Every method names its policy; a connection itself needs a signed-in user.</remarks>
[Authorize]
public sealed class LiveHub(ElevatorQueries elevators, FirmScope firms, AreaScope areas, LiveWire wire) : Hub<ILiveClient>, ILiveHub
{
    /// <summary>Joins the wall group and returns the current state of every elevator.</summary>
    [Authorize(Policy = ConsolePolicies.WallWatcher)]
    public async Task<IReadOnlyList<LiveElevator>> JoinWall()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, LiveHubGroups.Wall);
        return [.. (await elevators.GetAllAsync(Context.ConnectionAborted)).Select(wire.ToWire)];
    }

    /// <summary>
    /// Joins one firm's group and returns that firm's elevators and open alarms. Firm users pass
    /// null (or their own firm id); operators pass the firm they want to watch.
    /// </summary>
    [Authorize(Policy = ConsolePolicies.FirmWatcher)]
    public async Task<LiveFirm> JoinFirm(string? firmId)
    {
        var firm = firms.Authorize(Context.User, firmId).Firm ?? throw new HubException(ApiProblems.TextOf(Context.GetHttpContext()!)["Hub.NotAllowedToWatchFirm"]);
        await Groups.AddToGroupAsync(Context.ConnectionId, LiveHubGroups.Firm(firm.Id));
        return wire.ToWire(await firms.GetSnapshotAsync(firm, Context.ConnectionAborted));
    }

    /// <summary>
    /// Joins one district's or grid's group (area key <c>district/{id}</c> or <c>grid/{id}</c>, as in
    /// <c>/api/areas/{key}</c>) and returns the area's elevators and open alarms.
    /// </summary>
    [Authorize(Policy = ConsolePolicies.AreaWatcher)]
    public async Task<LiveArea> JoinArea(string areaKey)
    {
        // The policy has checked that the key names a district or grid.
        var area = areas.FindWatchable(areaKey)!;
        await Groups.AddToGroupAsync(Context.ConnectionId, LiveHubGroups.Area(area.Key));
        return wire.ToWire(await areas.GetSnapshotAsync(area, Context.ConnectionAborted));
    }

    /// <summary>Joins the security alerts: from now on, a <c>throttled</c> event whenever a sign-in partition or an API client starts being throttled.</summary>
    [Authorize(Policy = ConsolePolicies.SecurityAlertWatcher)]
    public Task JoinSecurityAlerts() => Groups.AddToGroupAsync(Context.ConnectionId, LiveHubGroups.SecurityAlerts);
}
