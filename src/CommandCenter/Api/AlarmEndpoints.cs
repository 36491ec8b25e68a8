using System.Security.Claims;
using CommandCenter.Auth;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Protocol;
using CommandCenter.TelemetryIngest.Devices;

namespace CommandCenter.Api;

/// <summary>
/// Elevator alarms and their handling steps, and elevator and unit duties. Reading is open to the
/// command center's own network, like the rest of the read API, because the anonymous wall screens
/// read it; a signed-in firm user reads only the alarms dispatched to its firm. Taking a step needs a
/// signed-in operator (any alarm) or firm user (its own firm's alarms), and is recorded under that
/// user's name. Refusals are ProblemDetails that say why.
/// </summary>
public static class AlarmEndpoints
{
    /// <summary>A handling step as sent by a firm console or an operator; who takes it is the signed-in user.</summary>
    public sealed record AlarmStepRequest(string? Comment);

    public static WebApplication MapAlarmEndpoints(this WebApplication app)
    {
        var alarms = app.MapGroup("/api/alarms").WithTags("Alarms");

        alarms.MapGet("/", async (IGrainFactory grains, ClaimsPrincipal user, string? state, string? firmId) =>
        {
            if (state is not (null or "active" or "all"))
            {
                return Results.Problem("state must be 'active' or 'all'.", statusCode: StatusCodes.Status400BadRequest);
            }

            if (user.FirmIdOf() is { } own && firmId is not null && firmId != own)
            {
                return Forbidden($"{user.Identity!.Name} belongs to firm {own} and may not list the alarms of firm {firmId}.");
            }

            var scope = user.FirmIdOf() ?? firmId;
            var list = await grains.GetGrain<IAlarmIndexGrain>(0).ListAsync(openOnly: state != "all");
            return Results.Ok(list.Where(a => scope is null || FirmScope.Sees(scope, a)));
        });

        alarms.MapGet("/kpis", async (IGrainFactory grains) => Results.Ok(await grains.GetGrain<IAlarmIndexGrain>(0).GetKpisAsync()));

        alarms.MapGet("/{**id}", async (string id, IGrainFactory grains, ClaimsPrincipal user) =>
            await grains.GetGrain<IAlarmGrain>(id).GetAsync() is not { } alarm ? NotFound(id)
            : NotAllowed(user, alarm) is { } refusal ? refusal
            : Results.Ok(alarm));

        // Alarm ids contain '/', so the action comes as a query parameter: POST /api/alarms/act?id=…&action=respond
        alarms.MapPost("/act", async (string id, string action, AlarmStepRequest? step, IGrainFactory grains, ClaimsPrincipal user) =>
        {
            // Checked here rather than by an authorization policy: the cookie scheme would answer an API call with a redirect to the login page.
            if (!user.IsOperator() && !user.IsFirmUser())
            {
                return Results.Problem(
                    "Sign in as an operator or a maintenance firm to take a handling step (POST /account/login); the step is recorded under your name.",
                    statusCode: StatusCodes.Status401Unauthorized);
            }

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

            if (NotAllowed(user, current) is { } refusal)
            {
                return refusal;
            }

            try
            {
                return Results.Ok(await alarm.ActAsync(parsed, user.Identity!.Name!, step?.Comment));
            }
            catch (AlarmTransitionException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status409Conflict);
            }
            catch (AlarmStepInputException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest);
            }
        });

        // Reading a duty activates its grain, which starts tracking and schedules deadlines: only for an
        // elevator or unit the city or the device registry knows, so a GET never creates state.
        app.MapGet("/api/elevators/{id}/duties", async (string id, IGrainFactory grains, CityDirectory city, DeviceRegistry devices) =>
            city.FindElevator(id) is not null || (devices.TryGet(id, out var device) && device.Kind == DeviceKind.Elevator)
                ? Results.Ok(await grains.GetGrain<IElevatorDutiesGrain>(id).GetAsync())
                : Results.Problem($"Elevator '{id}' is neither in the city file nor a registered device.", statusCode: StatusCodes.Status404NotFound))
            .WithTags("Duties");
        app.MapGet("/api/units/{id}/duties", async (string id, IGrainFactory grains, CityDirectory city, DeviceRegistry devices) =>
            city.HasUnit(id) || devices.HasAppServingUnit(id)
                ? Results.Ok(await grains.GetGrain<IUnitDutiesGrain>(id).GetAsync())
                : Results.Problem($"User unit '{id}' is neither in the city file nor served by a registered app.", statusCode: StatusCodes.Status404NotFound))
            .WithTags("Duties");
        return app;
    }

    /// <summary>A firm user may only see and handle the alarms dispatched to its firm now; everyone else passes.</summary>
    private static IResult? NotAllowed(ClaimsPrincipal user, AlarmSnapshot alarm) =>
        user.FirmIdOf() is { } own && !FirmScope.Sees(own, alarm)
            ? Forbidden($"Alarm '{alarm.Id}' is not dispatched to firm {own}, the firm of {user.Identity!.Name}.")
            : null;

    private static IResult NotFound(string id) => Results.Problem($"Alarm '{id}' does not exist.", statusCode: StatusCodes.Status404NotFound);

    private static IResult Forbidden(string reason) => Results.Problem(reason, statusCode: StatusCodes.Status403Forbidden);
}
