namespace CommandCenter.Protocol;

/// <summary>
/// The city as the command center knows it (<c>city.json</c> in the data folder): the
/// administrative tree down to grids, and the elevators, user units, maintenance firms and parking
/// lots placed in it. Written by the city generator, read by the command center and the simulators.
/// Coordinates are schematic (0–1000 on both axes), enough to draw the wall map and to find the
/// nearest firm.
/// </summary>
public sealed record CityTopology(
    int Version,
    string Name,
    IReadOnlyList<District> Districts,
    IReadOnlyList<UserUnit> Units,
    IReadOnlyList<MaintenanceFirm> Firms,
    IReadOnlyList<ElevatorInfo> Elevators,
    IReadOnlyList<ParkingLotInfo> Lots)
{
    public const int CurrentVersion = 1;
}

/// <summary>A district or county (区/县). Urban districts have the 30-minute arrival limit, others 60.</summary>
public sealed record District(string Id, string Name, bool Urban, IReadOnlyList<Street> Streets);

/// <summary>A sub-district or town (街道/乡镇).</summary>
public sealed record Street(string Id, string Name, IReadOnlyList<Community> Communities);

/// <summary>A community or village (社区/村).</summary>
public sealed record Community(string Id, string Name, IReadOnlyList<Grid> Grids);

/// <summary>A grid (网格): a residential compound with its buildings and a schematic position.</summary>
public sealed record Grid(string Id, string Name, double X, double Y, IReadOnlyList<string> Buildings);

/// <summary>The unit using elevators (使用单位), with its safety director and principal.</summary>
public sealed record UserUnit(string Id, string Name, string SafetyDirector, string Principal);

/// <summary>A maintenance firm, its base position and the districts it serves.</summary>
public sealed record MaintenanceFirm(string Id, string Name, double X, double Y, IReadOnlyList<string> DistrictIds);

/// <summary>An elevator (its IoT device id is its id) and the people and firms responsible for it.</summary>
public sealed record ElevatorInfo(
    string Id,
    string RegistrationCode,
    string GridId,
    string Building,
    string Address,
    string UserUnitId,
    string SafetyOfficer,
    string MaintenanceFirmId,
    bool Escalator);

/// <summary>A parking lot with its sensed berths; night-free berths are a subset of them.</summary>
public sealed record ParkingLotInfo(
    string Id,
    string Name,
    string GridId,
    int Capacity,
    IReadOnlyList<string> BerthSensorIds,
    IReadOnlyList<string> NightFreeBerthSensorIds);
