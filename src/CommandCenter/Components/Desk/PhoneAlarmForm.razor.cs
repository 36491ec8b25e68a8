using System.Security.Claims;
using CommandCenter.Alarms;
using CommandCenter.Audit;
using CommandCenter.Auth;
using CommandCenter.Grains.City;
using CommandCenter.Protocol;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace CommandCenter.Components.Desk;

/// <summary>
/// Takes down a 96333 call: the elevator, the fault (a trapped passenger by default), who called and
/// their number. The same intake as <c>POST /api/alarms</c> (<see cref="PhoneAlarmIntake"/>): every
/// problem named at once, the alarm opened as the signed-in operator and audited, a call about an
/// elevator's open alarm of that code joined to it. The elevators offered are those in the operator's scope.
/// </summary>
public sealed partial class PhoneAlarmForm : ComponentBase
{
    private IReadOnlyList<ElevatorPlace> _elevators = [];
    private string? _elevatorId;
    private string _code = FaultCodes.TrappedPassenger;
    private string? _callerName;
    private string? _callerPhone;
    private string? _note;
    private string? _outcome;
    private bool _failed;
    private bool _busy;
    private ClaimsPrincipal _user = new();

    [Inject]
    private PhoneAlarmIntake Intake { get; set; } = default!;

    [Inject]
    private CityDirectory City { get; set; } = default!;

    [Inject]
    private UserScopes Scopes { get; set; } = default!;

    [Inject]
    private ConsoleAudit Audit { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _user = (await Authentication).User;
        _elevators = [.. City.Topology.Elevators.Where(e => Scopes.SeesElevator(_user, e.Id)).Select(e => City.FindElevator(e.Id)!)];
    }

    private async Task ReportAsync()
    {
        _busy = true;
        try
        {
            var report = new PhoneAlarmRequest(_elevatorId, _code, _callerName, _callerPhone, _note);
            (_outcome, _failed) = await Intake.ReportAsync(report, _user, Audit.ActorOf(_user)) switch
            {
                PhoneReportOutcome.Invalid invalid => (string.Join(" ", invalid.Problems), true),
                PhoneReportOutcome.UnknownElevator unknown => (unknown.Problem, true),
                PhoneReportOutcome.OutOfScope outside => (Text["PhoneOutOfScope", outside.ElevatorId].Value, true),
                PhoneReportOutcome.Reported reported => (Text[reported.Opened ? "PhoneOpened" : "PhoneJoined", reported.Alarm.Id].Value, false),
                _ => throw new InvalidOperationException("a phone report outcome the desk does not show"),
            };
            if (!_failed)
            {
                // The alarm appears in the list below as every alarm does, live.
                _callerName = _callerPhone = _note = null;
            }
        }
        finally
        {
            _busy = false;
        }
    }
}
