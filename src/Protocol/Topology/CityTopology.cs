namespace CommandCenter.Protocol;

/// <summary>
/// The city as the command center knows it (<c>city.json</c> in the data folder): the
/// administrative tree down to grids, the functional departments, and the elevators, user units,
/// maintenance firms and parking lots placed in it. Written by the city generator, read by the
/// command center and the simulators. Positions are WGS-84 latitude and longitude in degrees (what a phone's GPS
/// reports); the outlines of districts, streets, communities and grids live beside it in <c>city-areas.geojson</c>
/// (docs/geography.md), which a city's own GIS outlines can replace.
/// </summary>
public sealed record CityTopology(
    int Version,
    string Name,
    IReadOnlyList<District> Districts,
    IReadOnlyList<Department> Departments,
    IReadOnlyList<UserUnit> Units,
    IReadOnlyList<MaintenanceFirm> Firms,
    IReadOnlyList<ElevatorInfo> Elevators,
    IReadOnlyList<ParkingLotInfo> Lots,
    IReadOnlyList<PropertyFirm> PropertyFirms)
{
    /// <summary>
    /// Version 2 added <see cref="Departments"/>; version 3 the people's phone numbers (<see cref="Contact"/>: safety
    /// officers, safety directors, firms' on-call contacts, districts' command centers); version 4 an elevator's
    /// <see cref="ElevatorInfo.Kind"/> in place of an <c>escalator</c> flag, because escalators became a device kind
    /// of their own (their own topics and fault codes, their devices registered as <c>escalator</c>); version 5 real
    /// positions (latitude/longitude of grids, elevators, units, lots and firm bases) in place of schematic X/Y, and
    /// the real administrative tree's official codes as ids; version 6 the registry of property-service firms
    /// (<see cref="PropertyFirms"/>). No upgrade invents real positions, so a version 4 or older file is regenerated;
    /// <see cref="CityTopologyFile.Upgrade"/> brings a version 5 file to 6 with an empty property-firm registry.
    /// </summary>
    public const int CurrentVersion = 6;

    /// <summary>The last version without <see cref="PropertyFirms"/>: from it, <see cref="CityTopologyFile.Upgrade"/> adds an empty registry.</summary>
    public const int LastVersionWithoutPropertyFirms = 5;

    /// <summary>The last version <see cref="CityTopologyFile.Upgrade"/> can reach: from version 5 on, positions are real and cannot be derived.</summary>
    public const int LastSchematicVersion = 4;
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

/// <summary>A grid (网格): a residential compound with its buildings and a point inside it (WGS-84).</summary>
public sealed record Grid(string Id, string Name, double Latitude, double Longitude, IReadOnlyList<string> Buildings);

/// <summary>The unit using elevators (使用单位), with its safety director (安全总监) and principal, and where its office is (WGS-84; 0 when unknown).</summary>
public sealed record UserUnit(string Id, string Name, Contact SafetyDirector, string Principal, double Latitude = 0, double Longitude = 0);

/// <summary>
/// A maintenance firm, its base (WGS-84: the nearest other firm is chosen by distance from it), the districts it
/// serves and its on-call contacts in the order they are called on a trapped passenger (the first at once, the next
/// when nobody responds in time).
/// </summary>
public sealed record MaintenanceFirm(string Id, string Name, double Latitude, double Longitude, IReadOnlyList<string> DistrictIds, IReadOnlyList<Contact> OnCall);

/// <summary>
/// An elevator, a lift or an escalator (its IoT device id is its id, its device of the same <see cref="Kind"/>),
/// and the people and firms responsible for it: its safety officer (安全员) is named per elevator.
/// </summary>
/// <param name="Kind"><see cref="DeviceKind.Elevator"/> for a lift, <see cref="DeviceKind.Escalator"/> for an escalator or moving walk.</param>
/// <param name="Latitude">Where it stands (WGS-84), inside its grid; 0 when unknown (a city file is refused without it).</param>
/// <param name="Longitude">As <paramref name="Latitude"/>.</param>
public sealed record ElevatorInfo(
    string Id,
    string RegistrationCode,
    string GridId,
    string Building,
    string Address,
    string UserUnitId,
    Contact SafetyOfficer,
    string MaintenanceFirmId,
    DeviceKind Kind = DeviceKind.Elevator,
    double Latitude = 0,
    double Longitude = 0)
{
    /// <summary>An escalator or moving walk rather than a lift.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Escalator => Kind == DeviceKind.Escalator;
}

/// <summary>A parking lot with its sensed berths (night-free berths are a subset of them) and its entrance (WGS-84, inside its grid; 0 when unknown).</summary>
public sealed record ParkingLotInfo(
    string Id,
    string Name,
    string GridId,
    int Capacity,
    IReadOnlyList<string> BerthSensorIds,
    IReadOnlyList<string> NightFreeBerthSensorIds,
    double Latitude = 0,
    double Longitude = 0);

/// <summary>
/// A property-service firm (物业服务企业) and the residential compounds (grids) it manages, all in the one sub-district or
/// town (街道/乡镇) that assesses it monthly (考评权下放街道) into a star rating and a credit level.
/// </summary>
/// <param name="StreetId">The street that assesses it; every compound lies in it.</param>
/// <param name="Compounds">The compounds it manages; a compound has at most one firm.</param>
/// <param name="UnitIds">The user units (使用单位) it runs, whose elevator duties count in its assessment; may be empty.</param>
public sealed record PropertyFirm(string Id, string Name, string StreetId, IReadOnlyList<ManagedCompound> Compounds, IReadOnlyList<string> UnitIds);

/// <summary>
/// A compound a property firm manages (a grid of the city), and whether its owners have an owners' committee (业主委员会)
/// and a property management committee (物业管理委员会).
/// </summary>
public sealed record ManagedCompound(string GridId, bool OwnersCommittee, bool PropertyManagementCommittee);
