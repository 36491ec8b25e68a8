using System.Security.Claims;
using CommandCenter.Api;
using CommandCenter.Audit;
using CommandCenter.Auth;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Localization;
using CommandCenter.Protocol;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Alarms;

/// <summary>
/// Elevator alarms and their handling steps. Operators, firms and user
/// units read what lies in their scope (<see cref="UserScopes"/>): a firm the alarms dispatched to it,
/// a unit its elevators'. Taking a step needs an operator in scope or the firm the alarm is dispatched
/// to, and is recorded under the signed-in user's name, in the alarm and in the audit log. Refusals are
/// ProblemDetails that say why; refusals, fault names and dispatch reasons are in the request's language
/// (<see cref="AlarmText"/>), and each dispatch also carries its stable <c>reasonCode</c>.
/// </summary>
public static class AlarmEndpoints
{
    /// <summary>A handling step as sent by a firm console or an operator; who takes it is the signed-in user.</summary>
    public sealed record AlarmStepRequest(string? Comment);


    public static WebApplication MapAlarmEndpoints(this WebApplication app)
    {
        var alarms = app.MapGroup("/api/alarms").WithTags("Alarms").RequireAuthorization(ConsolePolicies.AlarmReaders);

        alarms.MapGet("/", async (IGrainFactory grains, UserScopes scopes, ClaimsPrincipal user, IStringLocalizer<AlarmText> text, string? state, string? firmId) =>
        {
            if (state is not (null or "active" or "all"))
            {
                return Results.Problem(text["Refused.StateFilter"], statusCode: StatusCodes.Status400BadRequest);
            }

            if (user.FirmIdOf() is { } own && firmId is not null && firmId != own)
            {
                return Forbidden(text["Refused.OtherFirmsAlarms", user.Identity!.Name!, own, firmId]);
            }

            var list = await grains.GetGrain<IAlarmIndexGrain>(GrainKeys.AlarmIndex).ListAsync(openOnly: state != "all");
            return Results.Ok(list.Where(a => scopes.Sees(user, a) && (firmId is null || FirmScope.Sees(firmId, a))).Select(text.Localized));
        });

        alarms.MapGet("/{**id}", async (string id, IGrainFactory grains, UserScopes scopes, ClaimsPrincipal user, IStringLocalizer<AlarmText> text, IStringLocalizer<ApiText> apiText) =>
            await grains.GetGrain<IAlarmGrain>(id).GetAsync() is not { } alarm ? NotFound(text, id)
            : NotAllowed(scopes, user, alarm, text, apiText) is { } refusal ? refusal
            : Results.Ok(text.Localized(alarm)));

        // Most lifts have no monitoring device: the 96333 line is the main way a trapped passenger is reported.
        alarms.MapPost("/", async (
            PhoneAlarmRequest? report, PhoneAlarmIntake intake, ClaimsPrincipal user, HttpContext http, IStringLocalizer<AlarmText> text, IStringLocalizer<ApiText> apiText) =>
            await intake.ReportAsync(report, user, AuditActor.Of(http)) switch
            {
                PhoneReportOutcome.Invalid invalid => ApiProblems.Invalid(invalid.Problems),
                PhoneReportOutcome.UnknownElevator unknown => Results.Problem(unknown.Problem, statusCode: StatusCodes.Status404NotFound),
                PhoneReportOutcome.OutOfScope outside => ApiProblems.OutOfScope(apiText, user, "Elevator", outside.ElevatorId),
                PhoneReportOutcome.Reported { Opened: true } opened => Results.Created($"/api/alarms/{opened.Alarm.Id}", text.Localized(opened.Alarm)),
                PhoneReportOutcome.Reported joined => Results.Ok(text.Localized(joined.Alarm)),
                _ => throw new InvalidOperationException("a phone report outcome the API does not answer"),
            }).RequireAuthorization(ConsolePolicies.Operator);

        // Alarm ids contain '/', so the action comes as a query parameter: POST /api/alarms/act?id=…&action=respond
        alarms.MapPost("/act", async (
            string id, string action, AlarmStepRequest? step, IGrainFactory grains, UserScopes scopes, ClaimsPrincipal user, AuditLog audit, HttpContext http,
            IStringLocalizer<AlarmText> text, IStringLocalizer<ApiText> apiText) =>
        {
            if (!Enum.TryParse<AlarmAction>(action.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var parsed))
            {
                return Results.Problem(text["Refused.UnknownAction", action], statusCode: StatusCodes.Status400BadRequest);
            }

            var alarm = grains.GetGrain<IAlarmGrain>(id);
            if (await alarm.GetAsync() is not { } current)
            {
                return NotFound(text, id);
            }

            if (NotAllowed(scopes, user, current, text, apiText) is { } refusal)
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
                return Results.Problem(text.Render(ex.Problem), statusCode: StatusCodes.Status409Conflict);
            }
            catch (AlarmStepInputException ex)
            {
                return Results.Problem(text.Render(ex.Problem), statusCode: StatusCodes.Status400BadRequest);
            }

            await audit.RecordAlarmStepAsync(AuditActor.Of(http), parsed, acted);
            return Results.Ok(text.Localized(acted));
        }).RequireAuthorization(ConsolePolicies.AlarmActors);

        return app;
    }

    /// <summary>An alarm outside the user's scope: for a firm, one not dispatched to it now.</summary>
    private static IResult? NotAllowed(UserScopes scopes, ClaimsPrincipal user, AlarmSnapshot alarm, IStringLocalizer<AlarmText> text, IStringLocalizer<ApiText> apiText) =>
        scopes.Sees(user, alarm) ? null
        : user.FirmIdOf() is { } own ? Forbidden(text["Refused.NotDispatchedToFirm", alarm.Id, own, user.Identity!.Name!])
        : ApiProblems.OutOfScope(apiText, user, "Alarm", alarm.Id);

    private static IResult NotFound(IStringLocalizer<AlarmText> text, string id) =>
        Results.Problem(text[AlarmProblems.NoSuchAlarm, id], statusCode: StatusCodes.Status404NotFound);

    private static IResult Forbidden(string reason) => Results.Problem(reason, statusCode: StatusCodes.Status403Forbidden);
}
