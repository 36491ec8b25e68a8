using CommandCenter.Geography.Areas;
using CommandCenter.Geography.Datum;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Protocol;

namespace CommandCenter.Grains.City;
/// <summary>
/// One city file's lookups, immutable: built once per city file and swapped whole by <see cref="CityDirectory.SwitchTo"/>,
/// so every lookup sees one city, never half of an import.
/// </summary>
internal sealed class CityIndex
{
    private readonly Dictionary<string, ElevatorPlace> _elevators = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GridPlace> _grids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AreaInfo> _areas = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ParkingLotInfo> _lots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ParkingLotInfo> _lotsByBerth = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MaintenanceFirm[]> _firmsByDistrict = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _unitGrids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _elevatorsByGrid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _unitsByGrid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Department> _departments = new(StringComparer.Ordinal);
    private readonly CityLocator _locator;

    /// <summary>
    /// Builds the lookups of a city that passed <see cref="CityTopologyFile.Validate"/>, and the locator over the outlines
    /// of its areas (<c>city-areas.geojson</c>, checked by <see cref="CityAreasFile.Load"/>); without outlines no
    /// position resolves.
    /// </summary>
    public CityIndex(CityTopology topology, IReadOnlyList<AreaShape>? areas = null)
    {
        Topology = topology;
        Outlines = areas ?? [];
        _locator = new CityLocator(Outlines);
        var districtKeys = new List<string>();
        foreach (var district in topology.Districts)
        {
            var districtKey = AreaKeys.District(district.Id);
            districtKeys.Add(districtKey);
            Add(districtKey, district.Id, district.Name, AreaLevel.District, AreaKeys.City, district.Streets.Select(s => AreaKeys.Street(s.Id)));
            foreach (var street in district.Streets)
            {
                var streetKey = AreaKeys.Street(street.Id);
                Add(streetKey, street.Id, street.Name, AreaLevel.Street, districtKey, street.Communities.Select(c => AreaKeys.Community(c.Id)));
                foreach (var community in street.Communities)
                {
                    var communityKey = AreaKeys.Community(community.Id);
                    Add(communityKey, community.Id, community.Name, AreaLevel.Community, streetKey, community.Grids.Select(g => AreaKeys.Grid(g.Id)));
                    foreach (var grid in community.Grids)
                    {
                        Add(AreaKeys.Grid(grid.Id), grid.Id, grid.Name, AreaLevel.Grid, communityKey, []);
                        _grids[grid.Id] = new GridPlace(grid, community, street, district);
                    }
                }
            }
        }

        _areas[AreaKeys.City] = new AreaInfo(AreaKeys.City, AreaKeys.City, topology.Name, AreaLevel.City, null, districtKeys);

        foreach (var department in topology.Departments)
        {
            _departments[department.Id] = department;
        }

        foreach (var district in topology.Districts)
        {
            _firmsByDistrict[district.Id] = [.. topology.Firms.Where(f => f.DistrictIds.Contains(district.Id))];
        }

        var units = topology.Units.ToDictionary(u => u.Id, StringComparer.Ordinal);
        var firms = topology.Firms.ToDictionary(f => f.Id, StringComparer.Ordinal);
        foreach (var elevator in topology.Elevators)
        {
            _elevators[elevator.Id] = new ElevatorPlace(elevator, _grids[elevator.GridId], firms[elevator.MaintenanceFirmId], units[elevator.UserUnitId]);
            Members(_elevatorsByGrid, elevator.GridId).Add(elevator.Id);
            if (_unitGrids.TryAdd(elevator.UserUnitId, elevator.GridId))
            {
                Members(_unitsByGrid, elevator.GridId).Add(elevator.UserUnitId);
            }
        }

        foreach (var lot in topology.Lots)
        {
            _lots[lot.Id] = lot;
            foreach (var berth in lot.BerthSensorIds)
            {
                _lotsByBerth[berth] = lot;
            }
        }

        Summary = new CitySummary(
            topology.Name,
            topology.Districts.Count,
            _areas.Values.Count(a => a.Level == AreaLevel.Street),
            _areas.Values.Count(a => a.Level == AreaLevel.Community),
            _grids.Count,
            _grids.Values.Sum(g => g.Grid.Buildings.Count),
            topology.Elevators.Count,
            topology.Elevators.Count(e => e.Escalator),
            topology.Units.Count,
            topology.Firms.Count,
            topology.Lots.Count,
            topology.Lots.Sum(l => l.Capacity),
            _lotsByBerth.Count,
            topology.Lots.Sum(l => l.NightFreeBerthSensorIds.Count));
    }

    public CityTopology Topology { get; }

    /// <summary>The WGS-84 outlines of the city's districts, streets, communities and grids; empty when the city has none.</summary>
    public IReadOnlyList<AreaShape> Outlines { get; }

    public CitySummary Summary { get; }

    public bool IsEmpty => Topology.Districts.Count == 0;

    public ElevatorPlace? FindElevator(string elevatorId) => _elevators.GetValueOrDefault(elevatorId);

    public GridPlace? FindGrid(string gridId) => _grids.GetValueOrDefault(gridId);

    /// <summary>Whether positions resolve: the city's area outlines were loaded.</summary>
    public bool CanLocate => _locator.Grids > 0;

    /// <summary>
    /// The grid (and its community, street and district) at a WGS-84 position, or null when it lies outside the city's
    /// grids (<see cref="CityLocator"/> decides shared borders: the grid with the smallest id).
    /// </summary>
    public GridPlace? Locate(double latitude, double longitude) =>
        _locator.GridAt(latitude, longitude) is { } gridId ? _grids.GetValueOrDefault(gridId) : null;

    /// <summary>The city's functional departments, in the city file's order.</summary>
    public IReadOnlyList<Department> Departments => Topology.Departments;

    /// <summary>A department by its id (<c>cg</c>), or null when the city has no such department.</summary>
    public Department? FindDepartment(string departmentId) => _departments.GetValueOrDefault(departmentId);

    /// <summary>True when an elevator of the city belongs to this user unit.</summary>
    public bool HasUnit(string unitId) => _unitGrids.ContainsKey(unitId);

    public ParkingLotInfo? FindLot(string lotId) => _lots.GetValueOrDefault(lotId);

    /// <summary>The lot a berth sensor belongs to, or null for a sensor the city does not know.</summary>
    public ParkingLotInfo? FindLotOfBerth(string berthSensorId) => _lotsByBerth.GetValueOrDefault(berthSensorId);

    /// <summary>An area by its grain key (<c>city</c>, <c>district/640104</c>, …), or null when the city has no such area.</summary>
    public AreaInfo? FindArea(string areaKey) => _areas.GetValueOrDefault(areaKey);

    /// <summary>The area an area rolls up into; null for the city and for unknown keys.</summary>
    public string? ParentOf(string areaKey) => FindArea(areaKey)?.ParentKey;

    public IReadOnlyList<string> ChildrenOf(string areaKey) => FindArea(areaKey)?.ChildKeys ?? [];

    /// <summary>Every area, the city first, then level by level.</summary>
    public IEnumerable<AreaInfo> Areas => _areas.Values.OrderBy(a => a.Level);

    /// <summary>Every grid of the city, by id.</summary>
    public IEnumerable<string> GridIds => _grids.Keys;

    /// <summary>Firms serving a district (empty for an unknown district).</summary>
    public IReadOnlyList<MaintenanceFirm> FirmsServing(string districtId) => _firmsByDistrict.GetValueOrDefault(districtId) ?? [];

    /// <summary>
    /// Firms that could take over an elevator's alarm, best first: those serving its district by
    /// schematic distance from its grid, then all others by distance. Empty for an unknown elevator.
    /// </summary>
    public IReadOnlyList<MaintenanceFirm> FirmsByProximity(string elevatorId, string excludingFirmId) =>
        Rank(elevatorId, id => id == excludingFirmId);

    public AlarmContext? ContextOf(string elevatorId) =>
        FindElevator(elevatorId) is { } place
            ? new AlarmContext(place.Place.Grid.Id, place.Place.District.Id, place.Urban, place.Firm.Id)
            : null;

    public IReadOnlyList<string> FirmIdsByProximity(string elevatorId, IReadOnlySet<string> excluding) =>
        [.. Rank(elevatorId, excluding.Contains).Select(f => f.Id)];

    public string? GridOfUnit(string unitId) => _unitGrids.GetValueOrDefault(unitId);

    public IReadOnlyList<string> ElevatorsIn(string gridId) => _elevatorsByGrid.GetValueOrDefault(gridId) ?? [];

    public IReadOnlyList<string> UnitsCountedIn(string gridId) => _unitsByGrid.GetValueOrDefault(gridId) ?? [];

    private List<MaintenanceFirm> Rank(string elevatorId, Func<string, bool> excluded)
    {
        if (FindElevator(elevatorId) is not { } place)
        {
            return [];
        }

        var district = place.Place.District.Id;
        return [.. Topology.Firms
            .Where(f => !excluded(f.Id))
            .OrderBy(f => f.DistrictIds.Contains(district) ? 0 : 1)
            .ThenBy(f => GeoDistance.Metres(f.Latitude, f.Longitude, place.Elevator.Latitude, place.Elevator.Longitude))
            .ThenBy(f => f.Id, StringComparer.Ordinal)];
    }

    private static List<string> Members(Dictionary<string, List<string>> byGrid, string gridId) =>
        byGrid.TryGetValue(gridId, out var members) ? members : byGrid[gridId] = [];

    private void Add(string key, string id, string name, AreaLevel level, string parentKey, IEnumerable<string> children) =>
        _areas[key] = new AreaInfo(key, id, name, level, parentKey, [.. children]);
}
