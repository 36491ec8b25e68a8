namespace CommandCenter.Protocol;

/// <summary>
/// What a client may call on the live hub (<see cref="LiveHubNames.Path"/>). A join answers the
/// snapshot; the changes that follow arrive as <see cref="ILiveClient"/> events. A refusal fails the
/// call and joins nothing.
/// </summary>
public interface ILiveHub
{
    /// <summary>Joins the city-wide wall: every elevator's state, then its changes and every alarm's.</summary>
    Task<IReadOnlyList<LiveElevator>> JoinWall();

    /// <summary>Joins one maintenance firm: null (or their own id) for firm users, any firm for city operators.</summary>
    Task<LiveFirm> JoinFirm(string? firmId);

    /// <summary>Joins one district or grid by area key (<c>district/{id}</c>, <c>grid/{id}</c>).</summary>
    Task<LiveArea> JoinArea(string areaKey);

    /// <summary>Joins the security alerts: a <see cref="ILiveClient.Throttled"/> event whenever throttling starts.</summary>
    Task JoinSecurityAlerts();
}
