using CommandCenter.Auth;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Protocol;

namespace CommandCenter.Live;

/// <summary>
/// The grains' and scopes' types as the live hub sends them (<see cref="ILiveClient"/>): the wire records
/// keep the hub's JSON independent of how grains keep their state.
/// </summary>
public static class LiveWire
{
    public static LiveElevator ToWire(this ElevatorSnapshot elevator) =>
        new(elevator.Id, elevator.Status, elevator.ReceivedAt, elevator.Online, [.. elevator.Alarms.Select(ToWire)], elevator.HazardStop);

    public static LiveAlarm ToWire(this AlarmSnapshot alarm) =>
        new(
            alarm.Id,
            alarm.ElevatorId,
            alarm.Code,
            alarm.Description,
            alarm.Severity,
            alarm.Status,
            alarm.OccurredAt,
            alarm.Floor,
            alarm.GridId,
            alarm.DistrictId,
            [.. alarm.Dispatches.Select(d => new LiveAlarmDispatch(d.FirmId, d.At, d.ArrivalDueAt, d.Reason))],
            [.. alarm.Steps.Select(s => new LiveAlarmStep(s.Status, s.At, s.Actor, s.Comment))],
            alarm.DeviceClearedAt,
            alarm.EscalatedToDistrict,
            alarm.FollowUpTicketId,
            alarm.Source,
            alarm.Caller is { } caller ? new LiveAlarmCaller(caller.Name, caller.Phone, caller.Note) : null,
            alarm.FirmId,
            alarm.ArrivalDueAt,
            alarm.IsOpen,
            alarm.ArrivalLimitMissed,
            [.. alarm.Acknowledgements.Select(a => new LiveWallAcknowledgement(a.AreaKey, a.Actor, a.Screen, a.At))]);

    public static LiveFirm ToWire(this FirmSnapshot firm) =>
        new(firm.FirmId, firm.FirmName, [.. firm.Elevators.Select(ToWire)], [.. firm.Alarms.Select(ToWire)]);

    public static LiveArea ToWire(this AreaSnapshot area) =>
        new(area.AreaKey, area.Name, [.. area.Elevators.Select(ToWire)], [.. area.Alarms.Select(ToWire)]);
}
