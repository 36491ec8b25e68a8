using System.Security.Claims;
using CommandCenter.Audit;
using CommandCenter.Auth;
using CommandCenter.Grains.Abstractions;

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

    /// <summary>An alarm outside the user's scope: for a firm, one not dispatched to it now.</summary>
    private static IResult? NotAllowed(UserScopes scopes, ClaimsPrincipal user, AlarmSnapshot alarm) =>
        scopes.Sees(user, alarm) ? null
        : user.FirmIdOf() is { } own ? Forbidden($"Alarm '{alarm.Id}' is not dispatched to firm {own}, the firm of {user.Identity!.Name}.")
        : ApiProblems.OutOfScope(user, $"Alarm '{alarm.Id}'");

    private static IResult NotFound(string id) => Results.Problem($"Alarm '{id}' does not exist.", statusCode: StatusCodes.Status404NotFound);

    private static IResult Forbidden(string reason) => Results.Problem(reason, statusCode: StatusCodes.Status403Forbidden);
}
