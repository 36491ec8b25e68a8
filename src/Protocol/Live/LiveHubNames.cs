namespace CommandCenter.Protocol;

/// <summary>
/// The live hub as its clients see it, defined once for the server, the simulators' latency probe and
/// the tests: where it is, what a client may call (<see cref="ILiveHub"/>), and the events it pushes
/// (<see cref="ILiveClient"/>). README's API table describes them.
/// </summary>
public static class LiveHubNames
{
    /// <summary>The hub's path on the command center's web address.</summary>
    public const string Path = "/hubs/live";

    /// <summary>Joins the city-wide wall; answers every elevator's state.</summary>
    public const string JoinWall = nameof(ILiveHub.JoinWall);

    /// <summary>Joins one maintenance firm (null: the caller's own); answers its elevators and open alarms.</summary>
    public const string JoinFirm = nameof(ILiveHub.JoinFirm);

    /// <summary>Joins one district or grid by area key (<c>district/{id}</c>, <c>grid/{id}</c>); answers its elevators and open alarms.</summary>
    public const string JoinArea = nameof(ILiveHub.JoinArea);

    /// <summary>Joins the security alerts: a <see cref="Throttled"/> event when throttling starts.</summary>
    public const string JoinSecurityAlerts = nameof(ILiveHub.JoinSecurityAlerts);

    /// <summary>Event <see cref="ILiveClient.ElevatorsChanged"/>: a batch of elevator states, coalesced per group, a few a second.</summary>
    public const string ElevatorsChanged = "elevatorsChanged";

    /// <summary>Event <see cref="ILiveClient.AlarmChanged"/>: one alarm, the moment it changes.</summary>
    public const string AlarmChanged = "alarmChanged";

    /// <summary>Event <see cref="ILiveClient.Throttled"/>: a sign-in address, a user name at an address or an API client went over its limit.</summary>
    public const string Throttled = "throttled";
}
