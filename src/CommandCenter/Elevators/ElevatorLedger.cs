using System.Security.Claims;
using CommandCenter.Alarms;
using CommandCenter.Api;
using CommandCenter.Auth;
using CommandCenter.Elevators.History;
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
/// <param name="ClosedAlarms">The first page of the closed alarms, from the history store; <see cref="LedgerHistory.Alarms"/> pages on.</param>
/// <param name="Records">The first page of the duty records of the elevator and its user unit; <see cref="LedgerHistory.Records"/> pages on.</param>
/// <param name="History">Where the 24 h chart and the further pages are.</param>
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
    LedgerEscalatorStatus? EscalatorStatus,
    IReadOnlyList<AlarmSnapshot> OpenAlarms,
    HistoryPage<AlarmSnapshot> ClosedAlarms,
    HistoryPage<DutyRecordEntry> Records,
    LedgerHistory History,
    bool PhonesMasked);

/// <summary>Where the elevator stands, by name, from its grid up to its district.</summary>
public sealed record LedgerPlace(string GridId, string Grid, string Building, string Community, string Street, string District);

/// <summary>The user unit (使用单位) and its principal.</summary>
public sealed record LedgerUnit(string Id, string Name, string Principal);

/// <summary>The maintenance firm and its first on-call contact, the one called at once on a trapped passenger.</summary>
public sealed record LedgerFirm(string Id, string Name, Contact? OnCall);

/// <summary>The newest status report; running hours and the trip counter only when the device reports them.</summary>
/// <summary>An escalator's newest status: whether its steps run, which way and how fast, and the step and handrail state when reported.</summary>
public sealed record LedgerEscalatorStatus(
    bool Online, DateTimeOffset ReceivedAt, bool Running, EscalatorDirection Direction, double Speed, StepState? Steps, HandrailState? Handrail);

public sealed record LedgerStatus(
    bool Online, DateTimeOffset ReceivedAt, int Floor, bool Running, Direction Direction, DoorState Door, ServiceMode Mode, long? RunningHours, long? Trips, string? HazardStop);

/// <summary>Links: the 24 h status history (<see cref="Chart"/>), and every page of the duty records and the closed alarms.</summary>
public sealed record LedgerHistory(string Chart, string Records, string Alarms);

/// <summary>Builds <see cref="ElevatorLedger"/>s for the API and the ledger page, in the reader's language.</summary>
public sealed class ElevatorLedgers(
    CityDirectory city,
    ElevatorQueries elevators,
    UserScopes scopes,
    IGrainFactory grains,
    ElevatorHistory history,
    IStringLocalizer<AlarmText> alarmText)
{
    private const int HistoryChartMinutes = 24 * 60;

    /// <summary>
    /// Operators, the firm and the unit call these people during an alarm; a wall screen only shows them, in a
    /// room where anyone can read it.
    /// </summary>
    public static bool ShowsWholePhones(ClaimsPrincipal user) => user.RoleOf() is Roles.Operator or Roles.Firm or Roles.Unit;

    public static string HistoryChartOf(string elevatorId) => $"{PathOf(elevatorId)}/history?minutes={HistoryChartMinutes}";

    private static string PathOf(string elevatorId) => $"/api/elevators/{Uri.EscapeDataString(elevatorId)}";

    /// <summary>The ledger of an elevator <see cref="ElevatorQueries.IsKnown"/> and in the user's scope (the caller checks both).</summary>
    public async Task<ElevatorLedger> ReadAsync(string id, ClaimsPrincipal user)
    {
        var duties = elevators.GetDutiesAsync(id);
        var snapshot = elevators.GetAsync(id);
        var closed = ReadClosedAlarmsAsync(id, user, 1, HistoryPage<AlarmSnapshot>.DefaultSize);
        var records = ReadRecordsAsync(id, kind: null, 1, HistoryPage<DutyRecordEntry>.DefaultSize);
        var open = await grains.GetGrain<IAlarmIndexGrain>(GrainKeys.AlarmIndex).ListAsync(openOnly: true);
        var live = await snapshot;
        var place = city.FindElevator(id);
        var escalator = place?.Elevator.Escalator ?? false;
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
            // An escalator's status has no floor, door or mode: it has its own.
            live is { Status: not null } ? StatusOf(live) : null,
            live is { Escalator: { } steps }
                ? new LedgerEscalatorStatus(live.Online, live.ReceivedAt, steps.Running, steps.Direction, steps.Speed, steps.Steps, steps.Handrail)
                : null,
            // Each alarm as the alarm API shows it to this reader: a firm no longer sees one re-dispatched to another firm.
            [.. open.Where(a => a.ElevatorId == id && scopes.Sees(user, a)).Select(a => Shown(a, user))],
            await closed,
            await records,
            new LedgerHistory(HistoryChartOf(id), $"{PathOf(id)}/records", $"{PathOf(id)}/alarms"),
            !ShowsWholePhones(user));
    }

    /// <summary>The duty records of the elevator and of its user unit (the monthly minutes), newest first.</summary>
    public Task<HistoryPage<DutyRecordEntry>> ReadRecordsAsync(string id, DutyRecordKind? kind, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        string[] subjects = city.FindElevator(id) is { } place ? [id, place.Unit.Id] : [id];
        return history.ReadRecordsAsync(subjects, kind, page, pageSize, cancellationToken);
    }

    /// <summary>The elevator's closed alarms as this reader may see them (a firm: those it answered for last), newest first.</summary>
    public async Task<HistoryPage<AlarmSnapshot>> ReadClosedAlarmsAsync(string id, ClaimsPrincipal user, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        var closed = await history.ReadAlarmsAsync(id, user.FirmIdOf(), page, pageSize, cancellationToken);
        return closed with { Items = [.. closed.Items.Select(a => Shown(a, user))] };
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
