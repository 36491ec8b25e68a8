using CommandCenter.Elevators;
using CommandCenter.Protocol;
using CommandCenter.TelemetryIngest.Storage;

namespace CommandCenter.Api;

public static class ElevatorEndpoints
{
    private static readonly TimeSpan MaxHistoryWindow = TimeSpan.FromDays(7);

    public static WebApplication MapElevatorEndpoints(this WebApplication app)
    {
        var api = app.MapGroup("/api/elevators").WithTags("Elevators");

        api.MapGet("/", async (ElevatorQueries elevators, CancellationToken ct) =>
            Results.Ok(await elevators.GetAllAsync(ct)));

        api.MapGet("/{id}", async (string id, ElevatorQueries elevators) =>
            await elevators.GetAsync(id) is { } snapshot
                ? Results.Ok(snapshot)
                : Results.Problem($"Elevator '{id}' has not reported.", statusCode: StatusCodes.Status404NotFound));

        api.MapGet("/{id}/history", async (
            string id, int? minutes, ITimeSeriesStore store, TimeProvider time, CancellationToken ct) =>
        {
            if (!MessageSchemas.IsValidDeviceId(id))
            {
                return Results.Problem($"'{id}' is not a valid device id.", statusCode: StatusCodes.Status400BadRequest);
            }

            var window = TimeSpan.FromMinutes(minutes ?? 60);
            if (window <= TimeSpan.Zero || window > MaxHistoryWindow)
            {
                return Results.Problem(
                    $"minutes must be between 1 and {MaxHistoryWindow.TotalMinutes:F0}.", statusCode: StatusCodes.Status400BadRequest);
            }

            var now = time.GetUtcNow();
            return Results.Ok(await store.ReadElevatorHistoryAsync(id, now - window, now, ct));
        });
        return app;
    }
}
