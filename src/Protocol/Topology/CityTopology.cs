namespace CommandCenter.Protocol;

/// <summary>
/// The city as the command center knows it (<c>city.json</c> in the data folder): the
/// administrative tree down to grids, the functional departments, and the elevators, user units,
/// maintenance firms and parking lots placed in it. Written by the city generator, read by the
/// command center and the simulators. Coordinates are schematic (0–1000 on both axes), enough to
/// draw the wall map and to find the nearest firm.
/// </summary>
public sealed record CityTopology(
    int Version,
    string Name,
    IReadOnlyList<District> Districts,
    IReadOnlyList<Department> Departments,
    IReadOnlyList<UserUnit> Units,
    IReadOnlyList<MaintenanceFirm> Firms,
    IReadOnlyList<ElevatorInfo> Elevators,
    IReadOnlyList<ParkingLotInfo> Lots)
{
    /// <summary>
    /// Version 2 added <see cref="Departments"/>; version 3 the people's phone numbers (<see cref="Contact"/>: safety
    /// officers, safety directors, firms' on-call contacts, districts' command centers); version 4 an elevator's
    /// <see cref="ElevatorInfo.Kind"/> in place of an <c>escalator</c> flag, because escalators became a device kind
    /// of their own (their own topics and fault codes, their devices registered as <c>escalator</c>).
    /// <see cref="CityTopologyFile.Upgrade"/> brings an older file up to date.
    /// </summary>
    public const int CurrentVersion = 4;
}

/// <summary>
/// A district or county (区/县). Urban districts have the 30-minute arrival limit, others 60. Its command
/// center's duty line is reached when nobody responds to a trapped passenger in time; absent, the district
/// hears of it only on its consoles.
/// </summary>
public sealed record District(string Id, string Name, bool Urban, IReadOnlyList<Street> Streets, Contact? CommandCenter = null);

/// <summary>
/// A person or duty line to call or message: a name and a mobile number. The phone is empty when the city
/// file does not know it (a file upgraded from version 2): such a person is named in group messages but gets
/// no text of their own.
/// </summary>
public sealed record Contact(string Name, string Phone)
{
    public bool HasPhone => !string.IsNullOrWhiteSpace(Phone);
}

/// <summary>
/// A functional department (职能部门) such as 城管 or 住建: work orders are dispatched to it, and a
/// street's 吹哨 ("whistle") summons it. Its id is a short stable code (<c>cg</c>, <c>zj</c>) that
/// work orders and user scopes (<c>department/cg</c>) refer to.
/// </summary>
public sealed record Department(string Id, string Name)
{
    /// <summary>The departments a generated city has, and that a version 1 city file gains on upgrade.</summary>
    public static IReadOnlyList<Department> Defaults { get; } =
    [
        new("cg", "城市管理局"),
        new("sz", "市政管理局"),
        new("zj", "住房和城乡建设局"),
        new("scjg", "市场监督管理局"),
        new("jj", "公安交警支队"),
    ];
}

/// <summary>A sub-district or town (街道/乡镇).</summary>
public sealed record Street(string Id, string Name, IReadOnlyList<Community> Communities);

/// <summary>A community or village (社区/村).</summary>
public sealed record Community(string Id, string Name, IReadOnlyList<Grid> Grids);

/// <summary>A grid (网格): a residential compound with its buildings and a schematic position.</summary>
public sealed record Grid(string Id, string Name, double X, double Y, IReadOnlyList<string> Buildings);

/// <summary>The unit using elevators (使用单位), with its safety director (安全总监) and principal.</summary>
public sealed record UserUnit(string Id, string Name, Contact SafetyDirector, string Principal);

/// <summary>
/// A maintenance firm, its base position, the districts it serves and its on-call contacts in the order they
/// are called on a trapped passenger (the first at once, the next when nobody responds in time).
/// </summary>
public sealed record MaintenanceFirm(string Id, string Name, double X, double Y, IReadOnlyList<string> DistrictIds, IReadOnlyList<Contact> OnCall);

/// <summary>
/// An elevator, a lift or an escalator (its IoT device id is its id, its device of the same <see cref="Kind"/>),
/// and the people and firms responsible for it: its safety officer (安全员) is named per elevator.
/// </summary>
/// <param name="Kind"><see cref="DeviceKind.Elevator"/> for a lift, <see cref="DeviceKind.Escalator"/> for an escalator or moving walk.</param>
public sealed record ElevatorInfo(
    string Id,
    string RegistrationCode,
    string GridId,
    string Building,
    string Address,
    string UserUnitId,
    Contact SafetyOfficer,
    string MaintenanceFirmId,
    DeviceKind Kind = DeviceKind.Elevator)
{
    /// <summary>An escalator or moving walk rather than a lift.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Escalator => Kind == DeviceKind.Escalator;
}

/// <summary>A parking lot with its sensed berths; night-free berths are a subset of them.</summary>
public sealed record ParkingLotInfo(
    string Id,
    string Name,
    string GridId,
    int Capacity,
    IReadOnlyList<string> BerthSensorIds,
    IReadOnlyList<string> NightFreeBerthSensorIds);
