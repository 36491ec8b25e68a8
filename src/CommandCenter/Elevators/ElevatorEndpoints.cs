using System.Security.Claims;
using CommandCenter.Auth;
using CommandCenter.Elevators.History;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Protocol;
using CommandCenter.TelemetryIngest.Storage;
using CommandCenter.Api;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Elevators;

public static class ElevatorEndpoints
{
    private static readonly TimeSpan MaxHistoryWindow = TimeSpan.FromDays(7);

    public static WebApplication MapElevatorEndpoints(this WebApplication app)
    {
        var api = app.MapGroup("/api/elevators").WithTags("Elevators").RequireAuthorization(ConsolePolicies.AlarmReaders);

        api.MapGet("/", async (ElevatorQueries elevators, UserScopes scopes, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok((await elevators.GetAllAsync(ct)).Where(e => scopes.SeesElevator(user, e.Id))));

        api.MapGet("/{id}", async (string id, ElevatorQueries elevators, UserScopes scopes, ClaimsPrincipal user, IStringLocalizer<ApiText> text) =>
            await elevators.GetAsync(id) is not { } snapshot ? Results.Problem(text["Elevator.NotReported", id], statusCode: StatusCodes.Status404NotFound)
            : !scopes.SeesElevator(user, id) ? ApiProblems.OutOfScope(text, user, "Elevator", id)
            : Results.Ok(snapshot));

        api.MapGet("/{id}/history", async (
            string id, int? minutes, ITimeSeriesStore store, TimeProvider time, UserScopes scopes, ClaimsPrincipal user, IStringLocalizer<ApiText> text, CancellationToken ct) =>
        {
            if (!MessageSchemas.IsValidDeviceId(id))
            {
                return Results.Problem(text["Elevator.InvalidId", id], statusCode: StatusCodes.Status400BadRequest);
            }

            if (!scopes.SeesElevator(user, id))
            {
                return ApiProblems.OutOfScope(text, user, "Elevator", id);
            }

            var window = TimeSpan.FromMinutes(minutes ?? 60);
            if (window <= TimeSpan.Zero || window > MaxHistoryWindow)
            {
                return Results.Problem(text["Elevator.HistoryWindow", (int)MaxHistoryWindow.TotalMinutes], statusCode: StatusCodes.Status400BadRequest);
            }

            var now = time.GetUtcNow();
            return Results.Ok(await store.ReadElevatorHistoryAsync(id, now - window, now, ct));
        });

        // Outside the group: wall screens read ledgers (phones masked) but no alarm list, and policies add up.
        app.MapGet("/api/elevators/{id}/ledger", async (
                string id, ElevatorQueries elevators, ElevatorLedgers ledgers, UserScopes scopes, ClaimsPrincipal user, IStringLocalizer<ApiText> text) =>
            RefusalOf(id, elevators, scopes, user, text) ?? Results.Ok(await ledgers.ReadAsync(id, user)))
            .WithTags("Elevators").RequireAuthorization(ConsolePolicies.LedgerReaders);

        // The ledger's histories, page by page, for the same readers.
        app.MapGet("/api/elevators/{id}/records", async (
                string id, string? kind, int? page, int? pageSize, ElevatorQueries elevators, ElevatorLedgers ledgers, UserScopes scopes, ClaimsPrincipal user,
                IStringLocalizer<ApiText> text, CancellationToken ct) =>
            {
                DutyRecordKind? only = null;
                if (kind is not null)
                {
                    if (!KebabCase.TryParse<DutyRecordKind>(kind, out var parsed))
                    {
                        return Results.Problem(text["History.Kind", kind], statusCode: StatusCodes.Status400BadRequest);
                    }

                    only = parsed;
                }

                return RefusalOf(id, elevators, scopes, user, text) ?? PageRefusalOf(page, pageSize, text)
                    ?? Results.Ok(await ledgers.ReadRecordsAsync(id, only, page ?? 1, pageSize ?? HistoryPage<DutyRecordEntry>.DefaultSize, ct));
            })
            .WithTags("Elevators").RequireAuthorization(ConsolePolicies.LedgerReaders);
        app.MapGet("/api/elevators/{id}/alarms", async (
                string id, int? page, int? pageSize, ElevatorQueries elevators, ElevatorLedgers ledgers, UserScopes scopes, ClaimsPrincipal user,
                IStringLocalizer<ApiText> text, CancellationToken ct) =>
                RefusalOf(id, elevators, scopes, user, text) ?? PageRefusalOf(page, pageSize, text)
                ?? Results.Ok(await ledgers.ReadClosedAlarmsAsync(id, user, page ?? 1, pageSize ?? HistoryPage<AlarmSnapshot>.DefaultSize, ct)))
            .WithTags("Elevators").RequireAuthorization(ConsolePolicies.LedgerReaders);
        return app;
    }

    private static IResult? PageRefusalOf(int? page, int? pageSize, IStringLocalizer<ApiText> text) =>
        page < 1 || pageSize is < 1 or > HistoryPage<DutyRecordEntry>.MaxSize
            ? Results.Problem(text["History.Page", HistoryPage<DutyRecordEntry>.MaxSize], statusCode: StatusCodes.Status400BadRequest)
            : null;

    /// <summary>
    /// Why a read of an elevator's duties or ledger is refused: 404 for an elevator neither the city file nor the
    /// device registry knows, 403 for one outside the caller's scope; null when it may be read.
    /// </summary>
    public static IResult? RefusalOf(string id, ElevatorQueries elevators, UserScopes scopes, ClaimsPrincipal user, IStringLocalizer<ApiText> text) =>
        !elevators.IsKnown(id) ? Results.Problem(text["Elevator.Unknown", id], statusCode: StatusCodes.Status404NotFound)
        : !scopes.SeesElevator(user, id) ? ApiProblems.OutOfScope(text, user, "Elevator", id)
        : null;
}
