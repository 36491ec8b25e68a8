using CommandCenter.Protocol;

namespace CommandCenter.Grains.Abstractions;

/// <summary>
/// The steps by which people are reached about an alarm nobody has responded to: the firm's first on-call
/// contact and the elevator's safety officer at once, then the firm's next on-call contact, then the district's
/// command center, each after the escalation time without a respond step. A firm dispatched after another
/// missed the arrival limit is reached the same way: its first on-call contact at once, its next one without a
/// step since that dispatch, then the district's command center unless it was reached already.
/// </summary>
public enum AlarmNotificationStep
{
    FirstContacts = 0,
    NextContact = 1,
    DistrictCommandCenter = 2,
    RedispatchedFirm = 3,
    RedispatchedNextContact = 4,
}

/// <summary>Why a person is reached: the firm's on-call technician, the elevator's safety officer, the district's duty line.</summary>
public enum NotifiedRole
{
    FirmOnCall,
    SafetyOfficer,
    DistrictCommandCenter,
}

/// <summary>A person reached at a step; the phone is empty when the city file does not know it.</summary>
[GenerateSerializer, Immutable]
public sealed record NotifiedPerson(
    [property: Id(0)] NotifiedRole Role,
    [property: Id(1)] string Name,
    [property: Id(2)] string Phone);

/// <summary>
/// One step of one alarm's notification, as handed to the outbox: what happened, where, and whom to reach.
/// <see cref="Dispatch"/> numbers the alarm's dispatch whose firm the step reaches (1: the elevator's own firm).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AlarmNotice(
    [property: Id(0)] string AlarmId,
    [property: Id(1)] string ElevatorId,
    [property: Id(2)] string Address,
    [property: Id(3)] string Code,
    [property: Id(4)] string Description,
    [property: Id(5)] AlarmSource Source,
    [property: Id(6)] string? DistrictId,
    [property: Id(7)] AlarmNotificationStep Step,
    [property: Id(8)] IReadOnlyList<NotifiedPerson> People,
    [property: Id(9)] DateTimeOffset At,
    [property: Id(10)] int Dispatch = 1);

/// <summary>
/// Where notices go to be delivered (the host's durable outbox). Enqueueing the same alarm's step again adds
/// nothing, so a grain may repeat it after a failure; it returns once the notice is stored, before any sending.
/// </summary>
public interface IAlarmNotificationOutbox
{
    Task EnqueueAsync(AlarmNotice notice, CancellationToken cancellationToken = default);
}

/// <summary>
/// Reaches people about one alarm (key: the alarm's id) whatever consoles are open, once per cluster. It
/// follows the alarm (<see cref="OnAlarmChangedAsync"/>) and runs the escalation as a durable deadline, so a
/// step falls due even across a restart; a respond step (or any later one) stops it.
/// </summary>
public interface IAlarmNotificationGrain : IGrainWithStringKey, IDeadlineTarget
{
    /// <summary>Called by the alarm after each change it saved; cheap: the sending happens outside the alarm's call.</summary>
    Task OnAlarmChangedAsync(AlarmSnapshot alarm);

    /// <summary>The step reached next and when, or null when nothing more is due (responded, closed, every step taken, or not notified).</summary>
    Task<(AlarmNotificationStep Step, DateTimeOffset DueAt)?> GetNextAsync();
}
