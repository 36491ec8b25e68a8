using System.Security.Claims;
using CommandCenter.Auth;
using System.Collections.Immutable;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Wall;
using CommandCenter.Api;
using Microsoft.Extensions.Localization;

namespace CommandCenter.City;

/// <summary>The city's shape, its area rollups for drill-down and as duty compliance, and parking lots.</summary>
public static class CityEndpoints
{
    /// <summary>A district's size, for the city overview.</summary>
    public sealed record DistrictSummary(string Id, string Name, bool Urban, int Streets, int Communities, int Grids, int Elevators, int Lots);

    /// <summary>The city: counts per level, and per district.</summary>
    public sealed record CityView(bool Loaded, CitySummary Summary, IReadOnlyList<DistrictSummary> Districts);

    /// <summary>A child area or a source (elevator, lot) with what it contributes to its parent.</summary>
    public sealed record AreaPart(string Key, string? Name, AreaLevel? Level, ImmutableDictionary<string, long> Stats);

    /// <summary>An area's totals and the parts they are the sum of: child areas, or for a grid its sources.</summary>
    public sealed record AreaView(
        string Key,
        string Id,
        string Name,
        AreaLevel Level,
        string? Parent,
        ImmutableDictionary<string, long> Stats,
        IReadOnlyList<AreaPart> Children,
        IReadOnlyList<AreaPart> Sources);

    internal static WebApplication MapCityEndpoints(this WebApplication app)
    {
        // The city's shape and counts, no live state: any signed-in user.
        app.MapGet("/api/city", (CityDirectory city) => Results.Ok(Overview(city))).WithTags("City").RequireAuthorization();

        // Area keys contain '/' (district/640104), hence the catch-all; no key is the city.
        app.MapGet("/api/areas/{**key}", (string? key, CityDirectory city, IGrainFactory grains, UserScopes scopes, ClaimsPrincipal user, IStringLocalizer<ApiText> text) =>
            AreaAsync(key, city, grains, scopes, user, text, view => view)).WithTags("City").RequireAuthorization(ConsolePolicies.AreaReaders);

        // The same rollups read as duty compliance: who owes each duty and how many are overdue, per child area.
        app.MapGet("/api/compliance/{**key}", (string? key, CityDirectory city, IGrainFactory grains, UserScopes scopes, ClaimsPrincipal user, IStringLocalizer<ApiText> text) =>
            AreaAsync(key, city, grains, scopes, user, text, ComplianceView.Of)).WithTags("Duties").RequireAuthorization(ConsolePolicies.AreaReaders);

        var parking = app.MapGroup("/api/parking/lots").WithTags("Parking").RequireAuthorization(ConsolePolicies.AreaReaders);

        parking.MapGet("/", async (CityDirectory city, IGrainFactory grains, UserScopes scopes, ClaimsPrincipal user) =>
            Results.Ok(await Task.WhenAll(city.Topology.Lots
                .Where(lot => scopes.Covers(user, AreaKeys.Grid(lot.GridId)))
                .Select(lot => grains.GetGrain<IParkingLotGrain>(lot.Id).GetSnapshotAsync()))));

        parking.MapGet("/{id}", async (string id, CityDirectory city, IGrainFactory grains, UserScopes scopes, ClaimsPrincipal user, IStringLocalizer<ApiText> text) =>
            city.FindLot(id) is not { } lot ? Results.Problem(text["City.NoSuchLot", id], statusCode: StatusCodes.Status404NotFound)
            : !scopes.Covers(user, AreaKeys.Grid(lot.GridId)) ? ApiProblems.OutOfScope(text, user, "ParkingLot", id)
            : Results.Ok(await grains.GetGrain<IParkingLotGrain>(id).GetSnapshotAsync()));
        return app;
    }

    private static CityView Overview(CityDirectory city)
    {
        // One reading of the topology for the whole answer: an import may switch the city between two readings,
        // and a lift of the new city must not be looked up in the old one.
        var topology = city.Topology;
        var districtOfGrid = topology.Districts
            .SelectMany(d => d.Streets.SelectMany(s => s.Communities.SelectMany(c => c.Grids.Select(g => (Grid: g.Id, District: d.Id)))))
            .ToDictionary(pair => pair.Grid, pair => pair.District);
        var lotsByDistrict = topology.Lots.CountBy(l => districtOfGrid[l.GridId]).ToDictionary();
        var elevatorsByDistrict = topology.Elevators.CountBy(e => districtOfGrid[e.GridId]).ToDictionary();
        var districts = topology.Districts.Select(d => new DistrictSummary(
            d.Id,
            d.Name,
            d.Urban,
            d.Streets.Count,
            d.Streets.Sum(s => s.Communities.Count),
            d.Streets.Sum(s => s.Communities.Sum(c => c.Grids.Count)),
            elevatorsByDistrict.GetValueOrDefault(d.Id),
            lotsByDistrict.GetValueOrDefault(d.Id)));
        return new CityView(topology.Districts.Count > 0, city.Summary, [.. districts]);
    }

    /// <summary>An area the user's scope covers, drilled down and shown as <paramref name="view"/>; 404 or 403 otherwise.</summary>
    private static async Task<IResult> AreaAsync<T>(
        string? key, CityDirectory city, IGrainFactory grains, UserScopes scopes, ClaimsPrincipal user, IStringLocalizer<ApiText> text, Func<AreaView, T> view)
    {
        key = string.IsNullOrEmpty(key) ? AreaKeys.City : key;
        return city.FindArea(key) is not { } area
            ? Results.Problem(text["City.NoSuchArea", key], statusCode: StatusCodes.Status404NotFound)
            : !scopes.Covers(user, key) ? ApiProblems.OutOfScope(text, user, "Area", key)
            : Results.Ok(view(await DrillDownAsync(area, city, grains)));
    }

    private static async Task<AreaView> DrillDownAsync(AreaInfo area, CityDirectory city, IGrainFactory grains)
    {
        var grain = grains.GetGrain<IAreaGrain>(area.Key);
        var stats = await grain.GetStatsAsync();
        // The parent's view of each child (what it last pushed up) adds up to the parent's totals exactly.
        var parts = await grain.GetContributionsAsync();
        var children = area.ChildKeys
            .Select(key => city.FindArea(key)!)
            .Select(child => new AreaPart(child.Key, child.Name, child.Level, parts.GetValueOrDefault(child.Key)?.Counters ?? AreaStats.Empty.Counters))
            .ToList();
        var sources = parts
            .Where(part => city.FindArea(part.Key) is null)
            .OrderBy(part => part.Key, StringComparer.Ordinal)
            .Select(part => new AreaPart(part.Key, SourceName(part.Key, city), null, part.Value.Counters))
            .ToList();
        return new AreaView(area.Key, area.Id, area.Name, area.Level, area.ParentKey, stats.Counters, children, sources);
    }

    private static string? SourceName(string sourceId, CityDirectory city) =>
        city.FindElevator(sourceId)?.Elevator.Address ?? city.FindLot(sourceId)?.Name;
}
