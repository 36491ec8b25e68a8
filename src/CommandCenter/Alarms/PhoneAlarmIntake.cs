using System.Security.Claims;
using CommandCenter.Audit;
using CommandCenter.Auth;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Protocol;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Alarms;

/// <summary>A fault someone reported on the 96333 line, as the operator took it down.</summary>
public sealed record PhoneAlarmRequest(string? ElevatorId, string? Code, string? CallerName, string? CallerPhone, string? Note);

/// <summary>What became of a phone report: refused (each problem named, texts in the request's language) or an alarm.</summary>
public abstract record PhoneReportOutcome
{
    /// <summary>The report itself is incomplete or malformed; every problem at once.</summary>
    public sealed record Invalid(IReadOnlyList<string> Problems) : PhoneReportOutcome;

    /// <summary>The elevator is not in the city file.</summary>
    public sealed record UnknownElevator(string Problem) : PhoneReportOutcome;

    /// <summary>The elevator lies outside the operator's scope.</summary>
    public sealed record OutOfScope(string ElevatorId) : PhoneReportOutcome;

    /// <summary>Opened a new alarm, or joined the elevator's open alarm of that code (<paramref name="Opened"/> false).</summary>
    public sealed record Reported(AlarmSnapshot Alarm, bool Opened) : PhoneReportOutcome;
}

/// <summary>
/// Takes a 96333 phone report, from <c>POST /api/alarms</c> and from the desk's form alike: checks it, opens
/// the alarm as the signed-in operator (the same dispatch, arrival limit and re-dispatch as a device's; a
/// report for an elevator that already has an open alarm of that code joins it) and audits it.
/// </summary>
public sealed class PhoneAlarmIntake(IGrainFactory grains, CityDirectory city, UserScopes scopes, AuditLog audit, IStringLocalizer<AlarmText> text)
{
    public const int MaxCallerNameLength = 64;

    public async Task<PhoneReportOutcome> ReportAsync(PhoneAlarmRequest? report, ClaimsPrincipal user, AuditActor actor)
    {
        if (ProblemsOf(report) is { Count: > 0 } problems)
        {
            return new PhoneReportOutcome.Invalid(problems);
        }

        var elevatorId = report!.ElevatorId!.Trim();
        if (city.FindElevator(elevatorId) is not { } place)
        {
            return new PhoneReportOutcome.UnknownElevator(text["Refused.NotInCity", elevatorId]);
        }

        if (!scopes.SeesElevator(user, elevatorId))
        {
            return new PhoneReportOutcome.OutOfScope(elevatorId);
        }

        // As from a device: nobody is trapped on an escalator, and a lift has no missing step.
        var codes = FaultCodes.Of(place.Elevator.Kind);
        if (!codes.Contains(report.Code!, StringComparer.Ordinal))
        {
            return new PhoneReportOutcome.Invalid(
                [text[place.Elevator.Escalator ? "Phone.LiftCode" : "Phone.EscalatorCode", report.Code!, string.Join(", ", codes)]]);
        }

        var caller = new AlarmCaller(report.CallerName!.Trim(), report.CallerPhone!.Trim(), string.IsNullOrWhiteSpace(report.Note) ? null : report.Note.Trim());
        var (alarm, opened) = await grains.GetGrain<IElevatorGrain>(elevatorId).ReportByPhoneAsync(report.Code!, caller, user.Identity!.Name!);
        await audit.RecordAsync(actor, AuditActions.AlarmReported, alarm.Id, opened ? $"96333, code {alarm.Code}" : $"96333, code {alarm.Code}: joined the open alarm");
        return new PhoneReportOutcome.Reported(alarm, opened);
    }

    /// <summary>What is wrong with a phone report, each naming its field; none for a good one.</summary>
    private List<string> ProblemsOf(PhoneAlarmRequest? report)
    {
        if (report is null)
        {
            return [text["Phone.NoReport"]];
        }

        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(report.ElevatorId) || !MessageSchemas.IsValidDeviceId(report.ElevatorId.Trim()))
        {
            problems.Add(text["Phone.ElevatorId"]);
        }

        if (report.Code is null || !FaultCodes.All.ContainsKey(report.Code))
        {
            problems.Add(text["Phone.Code", FaultCodes.TrappedPassenger, string.Join(", ", FaultCodes.All.Keys)]);
        }

        if (string.IsNullOrWhiteSpace(report.CallerName) || report.CallerName.Trim().Length > MaxCallerNameLength)
        {
            problems.Add(text["Phone.CallerName", MaxCallerNameLength]);
        }

        if (report.CallerPhone is null || !IsPhoneNumber(report.CallerPhone.Trim()))
        {
            problems.Add(text["Phone.CallerPhone"]);
        }

        if (report.Note is { Length: > TextLimits.MaxCommentLength })
        {
            problems.Add(text["Phone.Note", TextLimits.MaxCommentLength, report.Note.Length]);
        }

        return problems;
    }

    private static bool IsPhoneNumber(string text) =>
        text.Length <= 24
        && text.Count(char.IsAsciiDigit) is >= 3 and <= 20
        && text.Select((c, i) => char.IsAsciiDigit(c) || c is '-' or ' ' || (c == '+' && i == 0)).All(ok => ok);
}
