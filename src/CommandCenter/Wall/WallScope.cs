using System.Collections.Frozen;
using CommandCenter.Auth;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;

namespace CommandCenter.Wall;

/// <summary>
/// What one wall screen shows: the whole city, or one area (a district's, street's, community's or
/// grid's wall account, or an operator of a district). The screen's state drops elevators, alarms, work
/// orders and lots outside the area, and its panels draw the area where they would draw the city.
/// </summary>
public sealed class WallScope
{
    // Both null: the whole city, everything is inside.
    private readonly FrozenSet<string>? _grids;
    private readonly FrozenSet<string>? _elevators;

    // The area and every area above it, up to the city: an acknowledgement by any of them silences this wall.
    private readonly FrozenSet<string> _withinAreas;

    private WallScope(string areaKey, IEnumerable<string> withinAreas, string? name, string? districtId, FrozenSet<string>? grids, FrozenSet<string>? elevators)
    {
        AreaKey = areaKey;
        _withinAreas = withinAreas.ToFrozenSet(StringComparer.Ordinal);
        Name = name;
        DistrictId = districtId;
        _grids = grids;
        _elevators = elevators;
    }

    /// <summary>The whole city.</summary>
    public static WallScope WholeCity { get; } = new(AreaKeys.City, [AreaKeys.City], null, null, null, null);

    /// <summary>The rollup key of the area shown.</summary>
    public string AreaKey { get; }

    public bool IsCity => _grids is null;

    /// <summary>The area's name; null for the whole city.</summary>
    public string? Name { get; }

    /// <summary>The district the area lies in (the map zooms to it); null for the whole city.</summary>
    public string? DistrictId { get; }

    /// <summary>The screen of a user whose role may open the wall: their area, the whole city for a city-wide scope.</summary>
    public static WallScope Of(UserScope scope, CityDirectory city)
    {
        if (scope.Kind == ScopeKind.City || scope.AreaKey is not { } key || city.FindArea(key) is not { } area)
        {
            return WholeCity;
        }

        var grids = city.Areas
            .Where(a => a.Level == AreaLevel.Grid && Ancestors(a.Key, city).Contains(key))
            .Select(a => a.Id)
            .ToFrozenSet(StringComparer.Ordinal);
        var district = Ancestors(key, city).Select(city.FindArea).First(a => a!.Level == AreaLevel.District)!.Id;
        var elevators = city.Topology.Elevators.Where(e => grids.Contains(e.GridId)).Select(e => e.Id).ToFrozenSet(StringComparer.Ordinal);
        return new WallScope(key, Ancestors(key, city), area.Name, district, grids, elevators);
    }

    public bool CoversGrid(string? gridId) => _grids is null || (gridId is not null && _grids.Contains(gridId));

    /// <summary>An elevator by its grid; one the city file does not place is shown on the city's wall only.</summary>
    public bool CoversElevator(string elevatorId) => _elevators is null || _elevators.Contains(elevatorId);

    /// <summary>
    /// A critical alarm's pop-up is silenced here once this area or one above it acknowledged it: the
    /// district's acknowledgement silences its streets' and grids' walls, not the city's.
    /// </summary>
    public bool Acknowledged(AlarmSnapshot alarm) => alarm.Acknowledgements.Any(a => _withinAreas.Contains(a.AreaKey));

    /// <summary>Elevators of the area in the city file, reported or not; <paramref name="cityWide"/> for the whole city.</summary>
    public int ElevatorCount(int cityWide) => _elevators?.Count ?? cityWide;

    /// <summary>The area and every area above it, up to the city.</summary>
    private static IEnumerable<string> Ancestors(string key, CityDirectory city)
    {
        for (string? at = key; at is not null; at = city.ParentOf(at))
        {
            yield return at;
        }
    }
}
