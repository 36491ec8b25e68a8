using System.Globalization;
using CommandCenter.Alarms;
using CommandCenter.Auth;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Localization;
using CommandCenter.Protocol;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Live;

/// <summary>
/// The grains' and scopes' types as the live hub sends them (<see cref="ILiveClient"/>): the wire records
/// keep the hub's JSON independent of how grains keep their state. A push goes to a whole group, which has
/// no one reader's language, so texts (fault names, dispatch reasons) are rendered in the product's
/// default language, Chinese, and each reason's code travels beside it for clients that render their own.
/// </summary>
public sealed class LiveWire(IStringLocalizer<AlarmText> text)
{
    public LiveElevator ToWire(ElevatorSnapshot elevator) => InDefaultLanguage(() => Map(elevator));

    public LiveAlarm ToWire(AlarmSnapshot alarm) => InDefaultLanguage(() => Map(alarm));

    public LiveFirm ToWire(FirmSnapshot firm) =>
        InDefaultLanguage(() => new LiveFirm(firm.FirmId, firm.FirmName, [.. firm.Elevators.Select(Map)], [.. firm.Alarms.Select(Map)]));

    public LiveArea ToWire(AreaSnapshot area) =>
        InDefaultLanguage(() => new LiveArea(area.AreaKey, area.Name, [.. area.Elevators.Select(Map)], [.. area.Alarms.Select(Map)]));

    private static T InDefaultLanguage<T>(Func<T> map)
    {
        var reader = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = LocalizationExtensions.Chinese;
        try
        {
            return map();
        }
        finally
        {
            CultureInfo.CurrentUICulture = reader;
        }
    }

    private LiveElevator Map(ElevatorSnapshot elevator) =>
        new(elevator.Id, elevator.Status, elevator.ReceivedAt, elevator.Online, [.. elevator.Alarms.Select(Map)], elevator.HazardStop, elevator.Kind, elevator.Escalator);

    private LiveAlarm Map(AlarmSnapshot alarm) =>
        new(
            alarm.Id,
            alarm.ElevatorId,
            alarm.Code,
            text.FaultName(alarm),
            alarm.Severity,
            alarm.Status,
            alarm.OccurredAt,
            alarm.Floor,
            alarm.GridId,
            alarm.DistrictId,
            [.. alarm.Dispatches.Select(d => new LiveAlarmDispatch(
                d.FirmId, d.At, d.ArrivalDueAt, text.ReasonOf(d), d.ReasonCode is { } code ? new LiveTextCode(code.Key, code.Args) : null))],
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
}
