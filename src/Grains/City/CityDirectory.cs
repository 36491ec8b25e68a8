using CommandCenter.Geography.Areas;
using CommandCenter.Geography.Datum;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Protocol;

namespace CommandCenter.Grains.City;

/// <summary>Level of an area in the rollup tree.</summary>
public enum AreaLevel
{
    City,
    District,
    Street,
    Community,
    Grid,
}

/// <summary>One node of the rollup tree: its grain key (<see cref="AreaKeys"/>), name, parent and children.</summary>
public sealed record AreaInfo(string Key, string Id, string Name, AreaLevel Level, string? ParentKey, IReadOnlyList<string> ChildKeys);

/// <summary>A grid and the areas above it.</summary>
public sealed record GridPlace(Grid Grid, Community Community, Street Street, District District);

/// <summary>An elevator, where it stands and who answers for it.</summary>
public sealed record ElevatorPlace(ElevatorInfo Elevator, GridPlace Place, MaintenanceFirm Firm, UserUnit Unit)
{
    /// <summary>Urban districts have the 30-minute arrival limit, others 60.</summary>
    public bool Urban => Place.District.Urban;
}

/// <summary>How many of each thing the city has.</summary>
public sealed record CitySummary(
    string Name,
    int Districts,
    int Streets,
    int Communities,
    int Grids,
    int Buildings,
    int Elevators,
    int Escalators,
    int Units,
    int Firms,
    int Lots,
    int Capacity,
    int BerthSensors,
    int NightFreeBerths);

/// <summary>
/// The city as every silo sees it: built from <c>city.json</c>, each silo holding its own copy and answering every
/// lookup in O(1) without a grain call. Empty when no city file exists; then elevators and lots are unknown and nothing
/// rolls up, but the command center still runs. An admin's import replaces the city while it runs
/// (<see cref="SwitchTo"/>): the lookups are swapped whole, so a caller that needs several answers from one city reads
/// them within one call or accepts that an import may land in between.
/// </summary>
public sealed class CityDirectory : IElevatorPlaces
{
    private readonly Lock _switching = new();
    private volatile CityIndex _index;

    /// <summary>
    /// Builds the lookups of a city that passed <see cref="CityTopologyFile.Validate"/>, and the locator over the outlines
    /// of its areas (<c>city-areas.geojson</c>, checked by <see cref="CityAreasFile.Load"/>); without outlines no
    /// position resolves.
    /// </summary>
    public CityDirectory(CityTopology topology, IReadOnlyList<AreaShape>? areas = null) => _index = new CityIndex(topology, areas);

    /// <summary>A new directory without a city: nothing is known, the city area has no children. Each is its own, so one switched to a city changes no other.</summary>
    public static CityDirectory Empty => new(new CityTopology(CityTopology.CurrentVersion, "city", [], [], [], [], [], [], []));

    public CityTopology Topology => _index.Topology;

    /// <summary>The WGS-84 outlines of the city's districts, streets, communities and grids; empty when the city has none.</summary>
    public IReadOnlyList<AreaShape> Outlines => _index.Outlines;

    public CitySummary Summary => _index.Summary;

    public bool IsEmpty => _index.IsEmpty;

    public ElevatorPlace? FindElevator(string elevatorId) => _index.FindElevator(elevatorId);

    public GridPlace? FindGrid(string gridId) => _index.FindGrid(gridId);

    /// <summary>Whether positions resolve: the city's area outlines were loaded.</summary>
    public bool CanLocate => _index.CanLocate;

    /// <summary>
    /// The grid (and its community, street and district) at a WGS-84 position, or null when it lies outside the city's
    /// grids (<see cref="CityLocator"/> decides shared borders: the grid with the smallest id).
    /// </summary>
    public GridPlace? Locate(double latitude, double longitude) => _index.Locate(latitude, longitude);

    /// <summary>The city's functional departments, in the city file's order.</summary>
    public IReadOnlyList<Department> Departments => _index.Departments;

    /// <summary>A department by its id (<c>cg</c>), or null when the city has no such department.</summary>
    public Department? FindDepartment(string departmentId) => _index.FindDepartment(departmentId);

    /// <summary>True when an elevator of the city belongs to this user unit.</summary>
    public bool HasUnit(string unitId) => _index.HasUnit(unitId);

    public ParkingLotInfo? FindLot(string lotId) => _index.FindLot(lotId);

    /// <summary>The lot a berth sensor belongs to, or null for a sensor the city does not know.</summary>
    public ParkingLotInfo? FindLotOfBerth(string berthSensorId) => _index.FindLotOfBerth(berthSensorId);

    /// <summary>An area by its grain key (<c>city</c>, <c>district/640104</c>, …), or null when the city has no such area.</summary>
    public AreaInfo? FindArea(string areaKey) => _index.FindArea(areaKey);

    /// <summary>The area an area rolls up into; null for the city and for unknown keys.</summary>
    public string? ParentOf(string areaKey) => _index.ParentOf(areaKey);

    public IReadOnlyList<string> ChildrenOf(string areaKey) => _index.ChildrenOf(areaKey);

    /// <summary>Every area, the city first, then level by level.</summary>
    public IEnumerable<AreaInfo> Areas => _index.Areas;

    /// <summary>Every grid of the city, by id.</summary>
    public IEnumerable<string> GridIds => _index.GridIds;

    /// <summary>Firms serving a district (empty for an unknown district).</summary>
    public IReadOnlyList<MaintenanceFirm> FirmsServing(string districtId) => _index.FirmsServing(districtId);

    /// <summary>
    /// Firms that could take over an elevator's alarm, best first: those serving its district by
    /// distance from it, then all others by distance. Empty for an unknown elevator.
    /// </summary>
    public IReadOnlyList<MaintenanceFirm> FirmsByProximity(string elevatorId, string excludingFirmId) => _index.FirmsByProximity(elevatorId, excludingFirmId);

    AlarmContext? IElevatorPlaces.ContextOf(string elevatorId) => _index.ContextOf(elevatorId);

    IReadOnlyList<string> IElevatorPlaces.FirmsByProximity(string elevatorId, IReadOnlySet<string> excluding) => _index.FirmIdsByProximity(elevatorId, excluding);

    string? IElevatorPlaces.GridOfUnit(string unitId) => _index.GridOfUnit(unitId);

    IReadOnlyList<string> IElevatorPlaces.ElevatorsIn(string gridId) => _index.ElevatorsIn(gridId);

    IReadOnlyList<string> IElevatorPlaces.UnitsCountedIn(string gridId) => _index.UnitsCountedIn(gridId);

    /// <summary>
    /// Replaces the city this silo sees with another that passed <see cref="CityTopologyFile.Validate"/> (and whose outlines
    /// were checked against it), at once and whole. Returns what moved, for <see cref="CitySwitchSweep"/> to bring the
    /// grains along (retired elevators and lots leave their grids' rollups, moved areas their old parents).
    /// </summary>
    public CitySwitch SwitchTo(CityTopology topology, IReadOnlyList<AreaShape>? areas)
    {
        var next = new CityIndex(topology, areas);
        lock (_switching)
        {
            var before = _index;
            _index = next;
            return new CitySwitch(before, next);
        }
    }
}

/// <summary>One switch of a silo's <see cref="CityDirectory"/>: the city before and after, for <see cref="CitySwitchSweep"/>.</summary>
public sealed class CitySwitch
{
    internal CitySwitch(CityIndex before, CityIndex after) => (Before, After) = (before, after);

    internal CityIndex Before { get; }

    internal CityIndex After { get; }

    public CityTopology BeforeTopology => Before.Topology;

    public CityTopology AfterTopology => After.Topology;
}
