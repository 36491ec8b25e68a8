using CommandCenter.Grains.Abstractions;

namespace CommandCenter.Api;

/// <summary>Elevator alarms and their handling steps, and elevator and unit duties.</summary>
public static class AlarmEndpoints
{
    /// <summary>A handling step as sent by a firm console or an operator.</summary>
    public sealed record AlarmStepRequest(string Actor, string? Comment);

    public static WebApplication MapAlarmEndpoints(this WebApplication app)
    {
        var alarms = app.MapGroup("/api/alarms").WithTags("Alarms");

        alarms.MapGet("/", async (IGrainFactory grains, string? state, string? firmId) =>
        {
            if (state is not (null or "active" or "all"))
            {
                return Results.Problem("state must be 'active' or 'all'.", statusCode: StatusCodes.Status400BadRequest);
            }

            var list = await grains.GetGrain<IAlarmIndexGrain>(0).ListAsync(openOnly: state != "all");
            return Results.Ok(list.Where(a => firmId is null || a.FirmId == firmId));
        });

        alarms.MapGet("/kpis", async (IGrainFactory grains) => Results.Ok(await grains.GetGrain<IAlarmIndexGrain>(0).GetKpisAsync()));

        alarms.MapGet("/{**id}", async (string id, IGrainFactory grains) =>
            await grains.GetGrain<IAlarmGrain>(id).GetAsync() is { } alarm
                ? Results.Ok(alarm)
                : Results.Problem($"Alarm '{id}' does not exist.", statusCode: StatusCodes.Status404NotFound));

        // Alarm ids contain '/', so the action comes as a query parameter: POST /api/alarms/act?id=…&action=respond
        alarms.MapPost("/act", async (string id, string action, AlarmStepRequest step, IGrainFactory grains) =>
        {
            if (!Enum.TryParse<AlarmAction>(action.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var parsed))
            {
                return Results.Problem(
                    $"Unknown action '{action}'. Known: respond, arrive, complete, false-alarm.", statusCode: StatusCodes.Status400BadRequest);
            }

            if (string.IsNullOrWhiteSpace(step.Actor))
            {
                return Results.Problem("actor is required: who takes this step.", statusCode: StatusCodes.Status400BadRequest);
            }

            var alarm = grains.GetGrain<IAlarmGrain>(id);
            if (await alarm.GetAsync() is null)
            {
                return Results.Problem($"Alarm '{id}' does not exist.", statusCode: StatusCodes.Status404NotFound);
            }

            try
            {
                return Results.Ok(await alarm.ActAsync(parsed, step.Actor, step.Comment));
            }
            catch (AlarmTransitionException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status409Conflict);
            }
        });

        app.MapGet("/api/elevators/{id}/duties", async (string id, IGrainFactory grains) =>
            Results.Ok(await grains.GetGrain<IElevatorDutiesGrain>(id).GetAsync())).WithTags("Duties");
        app.MapGet("/api/units/{id}/duties", async (string id, IGrainFactory grains) =>
            Results.Ok(await grains.GetGrain<IUnitDutiesGrain>(id).GetAsync())).WithTags("Duties");
        return app;
    }
}
