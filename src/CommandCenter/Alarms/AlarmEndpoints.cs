using System.Security.Claims;
using CommandCenter.Audit;
using CommandCenter.Auth;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Protocol;

namespace CommandCenter.Alarms;

/// <summary>
/// Elevator alarms and their handling steps. Operators, firms and user
/// units read what lies in their scope (<see cref="UserScopes"/>): a firm the alarms dispatched to it,
/// a unit its elevators'. Taking a step needs an operator in scope or the firm the alarm is dispatched
/// to, and is recorded under the signed-in user's name, in the alarm and in the audit log. Refusals are
/// ProblemDetails that say why.
/// </summary>
public static class AlarmEndpoints
{
    /// <summary>A handling step as sent by a firm console or an operator; who takes it is the signed-in user.</summary>
    public sealed record AlarmStepRequest(string? Comment);

    /// <summary>A fault someone reported on the 96333 line, as the operator took it down.</summary>
    public sealed record PhoneAlarmRequest(string? ElevatorId, string? Code, string? CallerName, string? CallerPhone, string? Note);

    private const int MaxCallerNameLength = 64;

    public static WebApplication MapAlarmEndpoints(this WebApplication app)
    {
        var alarms = app.MapGroup("/api/alarms").WithTags("Alarms").RequireAuthorization(ConsolePolicies.AlarmReaders);

        alarms.MapGet("/", async (IGrainFactory grains, UserScopes scopes, ClaimsPrincipal user, string? state, string? firmId) =>
        {
            if (state is not (null or "active" or "all"))
            {
                return Results.Problem("state must be 'active' or 'all'.", statusCode: StatusCodes.Status400BadRequest);
            }

            if (user.FirmIdOf() is { } own && firmId is not null && firmId != own)
            {
                return Forbidden($"{user.Identity!.Name} belongs to firm {own} and may not list the alarms of firm {firmId}.");
            }

            var list = await grains.GetGrain<IAlarmIndexGrain>(GrainKeys.AlarmIndex).ListAsync(openOnly: state != "all");
            return Results.Ok(list.Where(a => scopes.Sees(user, a) && (firmId is null || FirmScope.Sees(firmId, a))));
        });

        // City-wide figures: for city-wide operators only.
        alarms.MapGet("/kpis", async (IGrainFactory grains) => Results.Ok(await grains.GetGrain<IAlarmIndexGrain>(GrainKeys.AlarmIndex).GetKpisAsync()))
            .RequireAuthorization(ConsolePolicies.Monitoring);

        alarms.MapGet("/{**id}", async (string id, IGrainFactory grains, UserScopes scopes, ClaimsPrincipal user) =>
            await grains.GetGrain<IAlarmGrain>(id).GetAsync() is not { } alarm ? NotFound(id)
            : NotAllowed(scopes, user, alarm) is { } refusal ? refusal
            : Results.Ok(alarm));

        // Most lifts have no monitoring device: the 96333 line is the main way a trapped passenger is reported.
        alarms.MapPost("/", async (PhoneAlarmRequest? report, IGrainFactory grains, CityDirectory city, UserScopes scopes, ClaimsPrincipal user, AuditLog audit, HttpContext http) =>
        {
            if (ProblemsOf(report) is { Count: > 0 } problems)
            {
                return Results.Problem(
                    string.Join(" ", problems), statusCode: StatusCodes.Status400BadRequest, title: "Invalid request",
                    extensions: new Dictionary<string, object?> { ["errors"] = problems });
            }

            var elevatorId = report!.ElevatorId!.Trim();
            if (city.FindElevator(elevatorId) is null)
            {
                return Results.Problem($"Elevator '{elevatorId}' is not in the city file.", statusCode: StatusCodes.Status404NotFound);
            }

            if (!scopes.SeesElevator(user, elevatorId))
            {
                return ApiProblems.OutOfScope(user, $"Elevator '{elevatorId}'");
            }

            var caller = new AlarmCaller(report.CallerName!.Trim(), report.CallerPhone!.Trim(), string.IsNullOrWhiteSpace(report.Note) ? null : report.Note.Trim());
            var (alarm, opened) = await grains.GetGrain<IElevatorGrain>(elevatorId).ReportByPhoneAsync(report.Code!, caller, user.Identity!.Name!);
            await audit.RecordAsync(AuditActor.Of(http), AuditActions.AlarmReported, alarm.Id, opened ? $"96333, code {alarm.Code}" : $"96333, code {alarm.Code}: joined the open alarm");
            return opened ? Results.Created($"/api/alarms/{alarm.Id}", alarm) : Results.Ok(alarm);
        }).RequireAuthorization(ConsolePolicies.Operator);

        // Alarm ids contain '/', so the action comes as a query parameter: POST /api/alarms/act?id=…&action=respond
        alarms.MapPost("/act", async (string id, string action, AlarmStepRequest? step, IGrainFactory grains, UserScopes scopes, ClaimsPrincipal user, AuditLog audit, HttpContext http) =>
        {
            if (!Enum.TryParse<AlarmAction>(action.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var parsed))
            {
                return Results.Problem(
                    $"Unknown action '{action}'. Known: respond, arrive, complete, false-alarm.", statusCode: StatusCodes.Status400BadRequest);
            }

            var alarm = grains.GetGrain<IAlarmGrain>(id);
            if (await alarm.GetAsync() is not { } current)
            {
                return NotFound(id);
            }

            if (NotAllowed(scopes, user, current) is { } refusal)
            {
                return refusal;
            }

            AlarmSnapshot acted;
            try
            {
                acted = await alarm.ActAsync(parsed, user.Identity!.Name!, step?.Comment);
            }
            catch (AlarmTransitionException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status409Conflict);
            }
            catch (AlarmStepInputException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest);
            }

            await audit.RecordAlarmStepAsync(AuditActor.Of(http), parsed, acted);
            return Results.Ok(acted);
        }).RequireAuthorization(ConsolePolicies.AlarmActors);

        return app;
    }

    /// <summary>What is wrong with a phone report, each naming its field; none for a good one.</summary>
    private static List<string> ProblemsOf(PhoneAlarmRequest? report)
    {
        if (report is null)
        {
            return ["send a JSON report: elevatorId, code, callerName, callerPhone and an optional note."];
        }

        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(report.ElevatorId) || !MessageSchemas.IsValidDeviceId(report.ElevatorId.Trim()))
        {
            problems.Add("elevatorId: the elevator's id, as on its plate and in the city file.");
        }

        if (report.Code is null || !FaultCodes.All.ContainsKey(report.Code))
        {
            problems.Add($"code: one of the fault codes ({FaultCodes.TrappedPassenger} trapped passenger, {string.Join(", ", FaultCodes.All.Keys)}).");
        }

        if (string.IsNullOrWhiteSpace(report.CallerName) || report.CallerName.Trim().Length > MaxCallerNameLength)
        {
            problems.Add($"callerName: who called, 1 to {MaxCallerNameLength} characters.");
        }

        if (report.CallerPhone is null || !IsPhoneNumber(report.CallerPhone.Trim()))
        {
            problems.Add("callerPhone: the number to call back, 3 to 20 digits (may start with +, may contain - and spaces).");
        }

        if (report.Note is { Length: > TextLimits.MaxCommentLength })
        {
            problems.Add($"note: at most {TextLimits.MaxCommentLength} characters, got {report.Note.Length}.");
        }

        return problems;
    }

    private static bool IsPhoneNumber(string text) =>
        text.Length <= 24
        && text.Count(char.IsAsciiDigit) is >= 3 and <= 20
        && text.Select((c, i) => char.IsAsciiDigit(c) || c is '-' or ' ' || (c == '+' && i == 0)).All(ok => ok);

    /// <summary>An alarm outside the user's scope: for a firm, one not dispatched to it now.</summary>
    private static IResult? NotAllowed(UserScopes scopes, ClaimsPrincipal user, AlarmSnapshot alarm) =>
        scopes.Sees(user, alarm) ? null
        : user.FirmIdOf() is { } own ? Forbidden($"Alarm '{alarm.Id}' is not dispatched to firm {own}, the firm of {user.Identity!.Name}.")
        : ApiProblems.OutOfScope(user, $"Alarm '{alarm.Id}'");

    private static IResult NotFound(string id) => Results.Problem($"Alarm '{id}' does not exist.", statusCode: StatusCodes.Status404NotFound);

    private static IResult Forbidden(string reason) => Results.Problem(reason, statusCode: StatusCodes.Status403Forbidden);
}
