using System.Security.Claims;
using CommandCenter.Auth;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.TelemetryIngest.Devices;
using CommandCenter.Api;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Elevators;

/// <summary>
/// Duty standing (日管控, 周排查, 月调度, maintenance): an elevator's for who sees the elevator, a user
/// unit's for the unit and the operators of an area where one of its elevators stands. Compliance by
/// area is a view of the area rollups (<see cref="City.CityEndpoints"/>).
/// </summary>
public static class DutyEndpoints
{
    public static WebApplication MapDutyEndpoints(this WebApplication app)
    {
        // Reading a duty never creates state: one the grid does not track yet reads as tracked from now. Still only
        // for an elevator or unit the city or the device registry knows, so a typo answers 404, not a clean record.
        var duties = app.MapGroup("/api").WithTags("Duties").RequireAuthorization(ConsolePolicies.AlarmReaders);
        duties.MapGet("/elevators/{id}/duties", async (
                string id, ElevatorQueries elevators, UserScopes scopes, ClaimsPrincipal user, IStringLocalizer<ApiText> text) =>
            ElevatorEndpoints.RefusalOf(id, elevators, scopes, user, text) ?? Results.Ok(await elevators.GetDutiesAsync(id)));
        duties.MapGet("/units/{id}/duties", async (
                string id, IGrainFactory grains, CityDirectory city, DeviceRegistry devices, UserScopes scopes, ClaimsPrincipal user, IStringLocalizer<ApiText> text) =>
            !city.HasUnit(id) && !devices.HasAppServingUnit(id)
                ? Results.Problem(text["Duty.NoSuchUnit", id], statusCode: StatusCodes.Status404NotFound)
            : !scopes.SeesUnit(user, id) ? ApiProblems.OutOfScope(text, user, "UserUnit", id)
            : Results.Ok(await GridDuties.OfUnit(grains, city, id).GetUnitAsync(id)));
        return app;
    }
}
