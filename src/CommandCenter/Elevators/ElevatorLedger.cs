using System.Security.Claims;
using CommandCenter.Alarms;
using CommandCenter.Api;
using CommandCenter.Auth;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.Alarms;
using CommandCenter.Grains.City;
using CommandCenter.Protocol;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CommandCenter.Elevators;

/// <summary>
/// One elevator's file (一梯一档): what the city file says of it and of the people answering for it, its duty
/// standing, its live status and its alarms. <see cref="PhonesMasked"/> says whether the phone numbers are
/// shown as 138****0000 (wall screens) or whole (roles that act on the elevator).
/// </summary>
/// <param name="RegistrationCode">Null, like the place and the people, for a registered device the city file lacks.</param>
/// <param name="LiftType"><c>lift</c> or <c>escalator</c>.</param>
/// <param name="History">Where the 24 h history is, and how far back the closed alarms go.</param>
public sealed record ElevatorLedger(
    string Id,
    string? RegistrationCode,
    string? Address,
    string LiftType,
    bool Escalator,
    LedgerPlace? Place,
    LedgerUnit? UserUnit,
    Contact? SafetyOfficer,
    Contact? SafetyDirector,
    LedgerFirm? MaintenanceFirm,
    ElevatorDuties Duties,
    LedgerStatus? Status,
    IReadOnlyList<AlarmSnapshot> OpenAlarms,
    IReadOnlyList<AlarmSnapshot> RecentlyClosedAlarms,
    LedgerHistory History,
    bool PhonesMasked);

/// <summary>Where the elevator stands, by name, from its grid up to its district.</summary>
public sealed record LedgerPlace(string GridId, string Grid, string Building, string Community, string Street, string District);

/// <summary>The user unit (使用单位) and its principal.</summary>
public sealed record LedgerUnit(string Id, string Name, string Principal);

/// <summary>The maintenance firm and its first on-call contact, the one called at once on a trapped passenger.</summary>
public sealed record LedgerFirm(string Id, string Name, Contact? OnCall);

/// <summary>The newest status report; running hours and the trip counter only when the device reports them.</summary>
public sealed record LedgerStatus(
    bool Online, DateTimeOffset ReceivedAt, int Floor, bool Running, Direction Direction, DoorState Door, ServiceMode Mode, long? RunningHours, long? Trips, string? HazardStop);

/// <summary>
/// The 24 h status history (<see cref="Chart"/>), and <see cref="Note"/>: closed alarms come from the alarm
/// index's recent window, older alarms and duty records are not kept yet.
/// </summary>
public sealed record LedgerHistory(string Chart, int ClosedAlarmsKeptCityWide, string Note);

/// <summary>Builds <see cref="ElevatorLedger"/>s for the API and the ledger page, in the reader's language.</summary>
public sealed class ElevatorLedgers(
    CityDirectory city,
    ElevatorQueries elevators,
    UserScopes scopes,
    IGrainFactory grains,
    IOptions<AlarmOptions> alarmOptions,
    IStringLocalizer<AlarmText> alarmText,
    IStringLocalizer<ApiText> apiText)
{
    private const int HistoryChartMinutes = 24 * 60;

    /// <summary>
    /// Operators, the firm and the unit call these people during an alarm; a wall screen only shows them, in a
    /// room where anyone can read it.
    /// </summary>
    public static bool ShowsWholePhones(ClaimsPrincipal user) => user.RoleOf() is Roles.Operator or Roles.Firm or Roles.Unit;

    public static string HistoryChartOf(string elevatorId) => $"/api/elevators/{Uri.EscapeDataString(elevatorId)}/history?minutes={HistoryChartMinutes}";

    /// <summary>The ledger of an elevator <see cref="ElevatorQueries.IsKnown"/> and in the user's scope (the caller checks both).</summary>
    public async Task<ElevatorLedger> ReadAsync(string id, ClaimsPrincipal user)
    {
        var duties = elevators.GetDutiesAsync(id);
        var snapshot = elevators.GetAsync(id);
        var indexed = await grains.GetGrain<IAlarmIndexGrain>(GrainKeys.AlarmIndex).ListAsync(openOnly: false);
        // Each alarm as the alarm API shows it to this reader: a firm no longer sees one re-dispatched to another firm.
        var alarms = indexed.Where(a => a.ElevatorId == id && scopes.Sees(user, a)).Select(a => Shown(a, user)).ToList();
        var place = city.FindElevator(id);
        var escalator = place?.Elevator.Escalator ?? false;
        var kept = alarmOptions.Value.RecentClosedKept;
        return new ElevatorLedger(
            id,
            place?.Elevator.RegistrationCode,
            place?.Elevator.Address,
            escalator ? "escalator" : "lift",
            escalator,
            place is null ? null : new LedgerPlace(
                place.Place.Grid.Id, place.Place.Grid.Name, place.Elevator.Building, place.Place.Community.Name, place.Place.Street.Name, place.Place.District.Name),
            place is null ? null : new LedgerUnit(place.Unit.Id, place.Unit.Name, place.Unit.Principal),
            place is null ? null : Shown(place.Elevator.SafetyOfficer, user),
            place is null ? null : Shown(place.Unit.SafetyDirector, user),
            place is null ? null : new LedgerFirm(place.Firm.Id, place.Firm.Name, place.Firm.OnCall is [var first, ..] ? Shown(first, user) : null),
            await duties,
            // An escalator's status has no floor, door or mode: its ledger shows no lift status.
            await snapshot is { Status: not null } live ? StatusOf(live) : null,
            [.. alarms.Where(a => a.IsOpen)],
            [.. alarms.Where(a => !a.IsOpen)],
            new LedgerHistory(HistoryChartOf(id), kept, apiText["Ledger.HistoryNote", kept]),
            !ShowsWholePhones(user));
    }

    private static LedgerStatus StatusOf(ElevatorSnapshot live) => new(
        live.Online, live.ReceivedAt, live.Status!.Floor, live.Status.Running, live.Status.Direction, live.Status.Door, live.Status.Mode,
        live.Status.RunningHours, live.Status.Trips, live.HazardStop);

    private static Contact Shown(Contact contact, ClaimsPrincipal user) =>
        ShowsWholePhones(user) || !contact.HasPhone ? contact : contact with { Phone = PhoneMask.Mask(contact.Phone) };

    /// <summary>The alarm in the reader's language; a phone caller's number masked like the contacts'.</summary>
    private AlarmSnapshot Shown(AlarmSnapshot alarm, ClaimsPrincipal user) => alarmText.Localized(alarm) with
    {
        Caller = alarm.Caller is { } caller && !ShowsWholePhones(user) ? caller with { Phone = PhoneMask.Mask(caller.Phone) } : alarm.Caller,
    };
}
