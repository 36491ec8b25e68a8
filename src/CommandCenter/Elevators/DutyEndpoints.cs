using System.Security.Claims;
using CommandCenter.Auth;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Protocol;
using CommandCenter.TelemetryIngest.Devices;
using CommandCenter.Wall;

namespace CommandCenter.Elevators;

/// <summary>
/// Duty standing (日管控, 周排查, 月调度, maintenance): an elevator's for who sees the elevator, a user
/// unit's for the unit and the operators of an area where one of its elevators stands; compliance by
/// area for who reads the area's figures.
/// </summary>
public static class DutyEndpoints
{
    /// <summary>An area's compliance and that of each area under it (none under a grid).</summary>
    public sealed record ComplianceView(string Area, ComplianceRow Total, IReadOnlyList<ComplianceRow> Children);

    public static WebApplication MapDutyEndpoints(this WebApplication app)
    {
        // Reading a duty never creates state: one the grid does not track yet reads as tracked from now. Still only
        // for an elevator or unit the city or the device registry knows, so a typo answers 404, not a clean record.
        var duties = app.MapGroup("/api").WithTags("Duties").RequireAuthorization(ConsolePolicies.AlarmReaders);
        duties.MapGet("/elevators/{id}/duties", async (string id, IGrainFactory grains, CityDirectory city, DeviceRegistry devices, UserScopes scopes, ClaimsPrincipal user) =>
            city.FindElevator(id) is null && !(devices.TryGet(id, out var device) && device.Kind == DeviceKind.Elevator)
                ? Results.Problem($"Elevator '{id}' is neither in the city file nor a registered device.", statusCode: StatusCodes.Status404NotFound)
            : !scopes.SeesElevator(user, id) ? ApiProblems.OutOfScope(user, $"Elevator '{id}'")
            : Results.Ok(await GridDuties.OfElevator(grains, city, id).GetElevatorAsync(id)));
        duties.MapGet("/units/{id}/duties", async (string id, IGrainFactory grains, CityDirectory city, DeviceRegistry devices, UserScopes scopes, ClaimsPrincipal user) =>
            !city.HasUnit(id) && !devices.HasAppServingUnit(id)
                ? Results.Problem($"User unit '{id}' is neither in the city file nor served by a registered app.", statusCode: StatusCodes.Status404NotFound)
            : !scopes.SeesUnit(user, id) ? ApiProblems.OutOfScope(user, $"User unit '{id}'")
            : Results.Ok(await GridDuties.OfUnit(grains, city, id).GetUnitAsync(id)));

        // Area keys contain '/' (district/D01), hence the catch-all; no key is the city.
        app.MapGet("/api/compliance/{**key}", async (string? key, CityDirectory city, IGrainFactory grains, UserScopes scopes, ClaimsPrincipal user) =>
        {
            key = string.IsNullOrEmpty(key) ? AreaKeys.City : key;
            return city.FindArea(key) is not { } area
                ? Results.Problem($"Area '{key}' does not exist; keys look like city, district/D01, street/D01-S01.", statusCode: StatusCodes.Status404NotFound)
                : !scopes.Covers(user, key) ? ApiProblems.OutOfScope(user, $"Area '{key}'")
                : Results.Ok(await ComplianceAsync(area, city, grains));
        }).WithTags("Duties").RequireAuthorization(ConsolePolicies.AreaReaders);
        return app;
    }

    private static async Task<ComplianceView> ComplianceAsync(AreaInfo area, CityDirectory city, IGrainFactory grains)
    {
        var grain = grains.GetGrain<IAreaGrain>(area.Key);
        var total = await grain.GetStatsAsync();
        // The parent's view of each child (what it last pushed up) adds up to the parent's totals exactly.
        var parts = await grain.GetContributionsAsync();
        var children = area.ChildKeys
            .Select(childKey => city.FindArea(childKey)!)
            .Select(child => ComplianceRow.Of(child.Key, child.Name, parts.GetValueOrDefault(child.Key) ?? AreaStats.Empty))
            .ToList();
        return new ComplianceView(area.Key, ComplianceRow.Of(area.Key, area.Name, total), children);
    }
}
