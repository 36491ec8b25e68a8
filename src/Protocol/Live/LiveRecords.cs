namespace CommandCenter.Protocol;

// What the live hub sends, as plain records a client can read back: the server maps its own types to
// these, so a client depends on this project only.

/// <summary>The live state of one elevator: a lift (<see cref="Status"/>) or an escalator (<see cref="Escalator"/>).</summary>
/// <param name="Id">The elevator's device id.</param>
/// <param name="Status">A lift's newest status report the command center applied; null for an escalator.</param>
/// <param name="ReceivedAt">When it applied that report.</param>
/// <param name="Online">False after a configured silence or the device's last will.</param>
/// <param name="Alarms">Its open alarms, at most one per fault code.</param>
/// <param name="HazardStop">Why the lift is stopped for a serious hazard, when it is.</param>
/// <param name="Kind"><c>elevator</c> (a lift) or <c>escalator</c>: which of the two status fields is set.</param>
/// <param name="Escalator">An escalator's newest status report; null for a lift.</param>
public sealed record LiveElevator(
    string Id,
    ElevatorStatusReport? Status,
    DateTimeOffset ReceivedAt,
    bool Online,
    IReadOnlyList<LiveAlarm> Alarms,
    string? HazardStop,
    DeviceKind Kind = DeviceKind.Elevator,
    EscalatorStatusReport? Escalator = null)
{
    /// <summary>The device time of the newest status report, which orders reports of either kind.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public DateTimeOffset ReportedAt => Status?.Ts ?? Escalator?.Ts ?? ReceivedAt;
}

/// <summary>One alarm and its handling so far.</summary>
/// <param name="Id">The alarm's key: <c>{elevatorId}/{code}/{occurred yyyyMMddHHmmss}</c>.</param>
/// <param name="Description">What the fault code means, in Chinese (the product's default language).</param>
/// <param name="Dispatches">Every firm it was dispatched to, oldest first.</param>
/// <param name="Steps">Every handling step, oldest first.</param>
/// <param name="DeviceClearedAt">When the device reported the fault cleared, if it did.</param>
/// <param name="EscalatedToDistrict">A firm missed its arrival limit and the district was alerted.</param>
/// <param name="FollowUpTicketId">The work order opened for it, if any.</param>
/// <param name="Caller">Who called, for an alarm reported by phone.</param>
/// <param name="FirmId">The firm responsible now: the newest dispatch.</param>
/// <param name="ArrivalDueAt">When that firm must be on site; null once there, when closed, or when no limit applies.</param>
/// <param name="IsOpen">Not yet completed or dismissed as a false alarm.</param>
/// <param name="ArrivalLimitMissed">A firm already missed its arrival limit.</param>
/// <param name="WallAcknowledgements">The areas whose walls no longer pop it up (an acknowledgement covers the areas inside).</param>
public sealed record LiveAlarm(
    string Id,
    string ElevatorId,
    string Code,
    string Description,
    AlarmSeverity Severity,
    AlarmStatus Status,
    DateTimeOffset OccurredAt,
    int? Floor,
    string? GridId,
    string? DistrictId,
    IReadOnlyList<LiveAlarmDispatch> Dispatches,
    IReadOnlyList<LiveAlarmStep> Steps,
    DateTimeOffset? DeviceClearedAt,
    bool EscalatedToDistrict,
    string? FollowUpTicketId,
    AlarmSource Source,
    LiveAlarmCaller? Caller,
    string? FirmId,
    DateTimeOffset? ArrivalDueAt,
    bool IsOpen,
    bool ArrivalLimitMissed,
    IReadOnlyList<LiveWallAcknowledgement> WallAcknowledgements);

/// <summary>A firm an alarm was dispatched to, when, until when it must arrive, and why.</summary>
/// <param name="Reason">Why, in Chinese (the product's default language).</param>
/// <param name="ReasonCode">The same as a resource key and its arguments (README, "Languages of the API"); null for dispatches from before codes.</param>
public sealed record LiveAlarmDispatch(string FirmId, DateTimeOffset At, DateTimeOffset? ArrivalDueAt, string Reason, LiveTextCode? ReasonCode);

/// <summary>A text as a resource key and its arguments, for a client that renders texts in its own language.</summary>
public sealed record LiveTextCode(string Key, IReadOnlyList<string> Args);

/// <summary>One handling step: which status, when, by whom, with what remark.</summary>
public sealed record LiveAlarmStep(AlarmStatus Status, DateTimeOffset At, string Actor, string? Comment);

/// <summary>A wall screen of an area, or an operator for the walls of their area, saw the alarm's pop-up.</summary>
public sealed record LiveWallAcknowledgement(string AreaKey, string Actor, string? Screen, DateTimeOffset At);

/// <summary>Who called about a phone-reported alarm.</summary>
public sealed record LiveAlarmCaller(string Name, string Phone, string? Note);

/// <summary>What a firm console starts from: the firm's elevators (those that reported) and its open alarms.</summary>
public sealed record LiveFirm(string FirmId, string FirmName, IReadOnlyList<LiveElevator> Elevators, IReadOnlyList<LiveAlarm> Alarms);

/// <summary>What a district or grid screen starts from: the area's elevators (those that reported) and its open alarms.</summary>
public sealed record LiveArea(string AreaKey, string Name, IReadOnlyList<LiveElevator> Elevators, IReadOnlyList<LiveAlarm> Alarms);

/// <summary>
/// Throttling started for a partition: which one (<c>address:…</c>, <c>user:name@address</c>,
/// <c>api-client:…</c>, <c>open311-posts:…</c>), the limit it went over, and from where.
/// </summary>
public sealed record ThrottleAlert(string Partition, string Limit, string? Address, DateTimeOffset At);
