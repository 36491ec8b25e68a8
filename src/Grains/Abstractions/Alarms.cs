using CommandCenter.Protocol;

namespace CommandCenter.Grains.Abstractions;

/// <summary>Who called about a phone-reported alarm, as the operator took it down.</summary>
[GenerateSerializer, Immutable]
public sealed record AlarmCaller(
    [property: Id(0)] string Name,
    [property: Id(1)] string Phone,
    [property: Id(2)] string? Note);

/// <summary>One step of an alarm's handling: when, by whom, with what remark.</summary>
[GenerateSerializer, Immutable]
public sealed record AlarmStep(
    [property: Id(0)] AlarmStatus Status,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Actor,
    [property: Id(3)] string? Comment);

/// <summary>
/// A firm the alarm was dispatched to, when its arrival window ends, and why it was chosen:
/// <see cref="ReasonCode"/> (see <see cref="AlarmDispatchReasons"/>), rendered into <see cref="Reason"/>
/// in the reader's language by the web tier. Dispatches saved before reasons had codes keep their
/// English <see cref="Reason"/> and no code.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AlarmDispatch(
    [property: Id(0)] string FirmId,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] DateTimeOffset? ArrivalDueAt,
    [property: Id(3)] string Reason,
    [property: Id(4)] TextCode? ReasonCode = null)
{
    /// <summary>A dispatch for <paramref name="reason"/>; its text is rendered where it is read.</summary>
    public static AlarmDispatch For(string firmId, DateTimeOffset at, DateTimeOffset? arrivalDueAt, TextCode reason) =>
        new(firmId, at, arrivalDueAt, "", reason);
}

/// <summary>Why a firm was dispatched: the keys of <see cref="AlarmDispatch.ReasonCode"/>.</summary>
public static class AlarmDispatchReasons
{
    /// <summary>The first dispatch: the firm that maintains the elevator.</summary>
    public const string FirmOfElevator = "Dispatch.FirmOfElevator";

    /// <summary>A re-dispatch: the firm before (argument 0) did not arrive by its limit (argument 1, ISO 8601).</summary>
    public const string ArrivalMissed = "Dispatch.ArrivalMissed";
}

/// <summary>
/// Someone at the command center saw a critical alarm's pop-up: a wall screen of an area (its account and
/// screen name), or an operator for the walls of their area. It silences the pop-up on every wall of that
/// area and the areas inside it; the alarm's handling is unchanged.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AlarmWallAcknowledgement(
    [property: Id(0)] string AreaKey,
    [property: Id(1)] string Actor,
    [property: Id(2)] string? Screen,
    [property: Id(3)] DateTimeOffset At);

/// <summary>An alarm as the wall, the firm console and the API see it.</summary>
[GenerateSerializer, Immutable]
public sealed record AlarmSnapshot(
    [property: Id(0)] string Id,
    [property: Id(1)] string ElevatorId,
    [property: Id(2)] string Code,
    [property: Id(3)] string Description,
    [property: Id(4)] AlarmSeverity Severity,
    [property: Id(5)] AlarmStatus Status,
    [property: Id(6)] DateTimeOffset OccurredAt,
    [property: Id(7)] int? Floor,
    [property: Id(8)] string? GridId,
    [property: Id(9)] string? DistrictId,
    [property: Id(10)] IReadOnlyList<AlarmDispatch> Dispatches,
    [property: Id(11)] IReadOnlyList<AlarmStep> Steps,
    [property: Id(12)] DateTimeOffset? DeviceClearedAt,
    [property: Id(13)] bool EscalatedToDistrict,
    [property: Id(14)] string? FollowUpTicketId,
    [property: Id(15)] AlarmSource Source = AlarmSource.Device,
    [property: Id(16)] AlarmCaller? Caller = null,
    [property: Id(17)] IReadOnlyList<AlarmWallAcknowledgement>? WallAcknowledgements = null)
{
    /// <summary>The areas whose walls no longer pop this alarm up, in the order they acknowledged it.</summary>
    public IReadOnlyList<AlarmWallAcknowledgement> Acknowledgements => WallAcknowledgements ?? [];

    /// <summary>The firm currently responsible: the newest dispatch.</summary>
    public string? FirmId => Dispatches.Count == 0 ? null : Dispatches[^1].FirmId;

    /// <summary>When the current firm must be on site; null when no arrival limit applies or the firm is there (or it is closed).</summary>
    public DateTimeOffset? ArrivalDueAt => Status is AlarmStatus.Occurred or AlarmStatus.Responded ? Dispatches[^1].ArrivalDueAt : null;

    /// <summary>Not yet completed or dismissed as a false alarm.</summary>
    public bool IsOpen => Status is AlarmStatus.Occurred or AlarmStatus.Responded or AlarmStatus.Arrived;

    /// <summary>A firm already missed its arrival limit.</summary>
    public bool ArrivalLimitMissed => Dispatches.Count > 1;

    /// <summary>
    /// Grows with every change: a step, a dispatch, the device's all-clear, the district's escalation, the
    /// follow-up work order, a wall acknowledgement. Of two copies that cross on the way, the one with more is newer.
    /// </summary>
    public int Progress =>
        Steps.Count + Dispatches.Count + (DeviceClearedAt is null ? 0 : 1) + (EscalatedToDistrict ? 1 : 0) +
        (FollowUpTicketId is null ? 0 : 1) + Acknowledgements.Count;
}

/// <summary>What a firm user or operator does to an alarm.</summary>
public enum AlarmAction
{
    Respond,
    Arrive,
    Complete,
    FalseAlarm,
}

/// <summary>
/// One alarm of one elevator (key: <c>{elevatorId}/{code}/{occurred yyyyMMddHHmmss}</c>). It runs the
/// deal lifecycle occurred → responded → arrived → completed | false alarm and the arrival limit:
/// when the dispatched firm has not arrived in time, the next firm is dispatched and the district
/// is alerted.
/// </summary>
public interface IAlarmGrain : IGrainWithStringKey, IDeadlineTarget
{
    /// <summary>Opens the alarm (idempotent: a second call returns the existing snapshot).</summary>
    Task<AlarmSnapshot> OpenAsync(ElevatorEventReport raised, AlarmContext context);

    /// <summary>
    /// Opens an alarm a caller reported by phone, taken down by <paramref name="operatorName"/>: dispatched
    /// and timed exactly as a device's (idempotent as <see cref="OpenAsync"/>).
    /// </summary>
    Task<AlarmSnapshot> OpenReportedAsync(string elevatorId, string code, AlarmContext context, AlarmCaller caller, string operatorName);

    /// <summary>Applies a handling step; throws <see cref="AlarmTransitionException"/> when not allowed now.</summary>
    Task<AlarmSnapshot> ActAsync(AlarmAction action, string actor, string? comment);

    /// <summary>The device reported the fault cleared; the alarm stays open until the firm closes it.</summary>
    Task DeviceClearedAsync(DateTimeOffset at);

    /// <summary>Nobody responded after every contact was reached: the district's consoles show the open alarm as escalated to them.</summary>
    Task AlertDistrictAsync();

    Task<AlarmSnapshot?> GetAsync();

    /// <summary>
    /// Silences the alarm's pop-up on the walls of <paramref name="areaKey"/> and the areas inside it
    /// (idempotent per area: the first acknowledgement is kept). Changes nothing of its handling.
    /// </summary>
    Task<AlarmSnapshot> AcknowledgeOnWallsAsync(string areaKey, string actor, string? screen);
}

/// <summary>Where the elevator is and who maintains it, resolved from the city topology when the alarm opens.</summary>
[GenerateSerializer, Immutable]
public sealed record AlarmContext(
    [property: Id(0)] string? GridId,
    [property: Id(1)] string? DistrictId,
    [property: Id(2)] bool Urban,
    [property: Id(3)] string FirmId);

/// <summary>An alarm refused a request and changed nothing; <see cref="Problem"/> says why, rendered where it is read.</summary>
[GenerateSerializer]
public abstract class AlarmException(TextCode problem) : Exception($"{problem.Key}: {string.Join(", ", problem.Args)}")
{
    [Id(0)] public TextCode Problem { get; init; } = problem;
}

/// <summary>An alarm step that is not allowed in the alarm's current status, or an alarm that does not exist.</summary>
[GenerateSerializer]
public sealed class AlarmTransitionException(TextCode problem) : AlarmException(problem);

/// <summary>A handling step with input the alarm cannot keep (a comment too long); nothing is changed.</summary>
[GenerateSerializer]
public sealed class AlarmStepInputException(TextCode problem) : AlarmException(problem);

/// <summary>The keys of <see cref="AlarmException.Problem"/>.</summary>
public static class AlarmProblems
{
    /// <summary>Argument: the alarm's id.</summary>
    public const string NoSuchAlarm = "Refused.NoSuchAlarm";

    /// <summary>Arguments: the action, the alarm's id, its status, the actions allowed now.</summary>
    public const string Transition = "Refused.Transition";

    /// <summary>Arguments: the comment's length, the most kept.</summary>
    public const string CommentTooLong = "Refused.CommentTooLong";
}

/// <summary>Open and recently closed alarms of the whole city, for lists (key 0); KPIs are computed from the history store.</summary>
public interface IAlarmIndexGrain : IGrainWithIntegerKey
{
    Task UpsertAsync(AlarmSnapshot alarm);

    Task<IReadOnlyList<AlarmSnapshot>> ListAsync(bool openOnly);
}
