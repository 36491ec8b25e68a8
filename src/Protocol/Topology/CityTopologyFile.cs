using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Text.Unicode;

namespace CommandCenter.Protocol;

/// <summary>
/// Reads and writes <c>city.json</c> (a <see cref="CityTopology"/> as camelCase JSON). A file is
/// checked in full on load, and every problem is reported with the file's path and where in the
/// city it is, so a hand-edited file can be fixed in one pass.
/// </summary>
public static partial class CityTopologyFile
{
    public const string FileName = "city.json";

    /// <summary>The first city file version; a file from it up to before the current one is refused with how to regenerate it (<see cref="OutdatedCityFileException"/>).</summary>
    public const int FirstVersion = 1;

    private const int MaxProblemsShown = 10;

    // Indented, with Chinese names kept readable rather than escaped: the file is meant to be read and edited.
    private static readonly ProtocolJson Readable = new(new JsonSerializerOptions(ProtocolJson.Default.Options)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    });

    /// <summary>
    /// Loads and checks a city file. Throws <see cref="FileNotFoundException"/> when there is none,
    /// <see cref="OutdatedCityFileException"/> for an older version (saying how to regenerate it), and <see cref="InvalidDataException"/> (path, line and what is wrong) when it is not a usable city.
    /// </summary>
    public static CityTopology Load(string path)
    {
        var fullPath = Path.GetFullPath(path);
        // The version first: an older file may not even deserialize into this build's records (version 2 names people without phones).
        if (PeekVersion(fullPath) is { } version and >= FirstVersion and < CityTopology.CurrentVersion)
        {
            throw new OutdatedCityFileException(fullPath, version);
        }

        var (_, topology) = Read(fullPath);
        var problems = Validate(topology);
        if (problems.Count > 0)
        {
            throw new InvalidDataException($"{fullPath}: not a valid city file: {Summarise(problems)}");
        }

        return topology;
    }

    /// <summary>
    /// Reads a city file as <see cref="Load"/> does, but answers every problem instead of throwing (a file an admin
    /// uploads for import): an older version, JSON that is not a city's, or every finding of <see cref="Validate"/>.
    /// The topology is null unless the problems are empty.
    /// </summary>
    public static (CityTopology? Topology, IReadOnlyList<CityProblem> Problems) Inspect(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (PeekVersion(fullPath) is { } version and >= FirstVersion and < CityTopology.CurrentVersion)
        {
            var current = CityTopology.CurrentVersion.ToString(CultureInfo.InvariantCulture);
            return (null, [new CityProblem(
                "VersionOlder", $"version {version} is older than this build's {current}: upgrade or regenerate the file before importing it", null,
                [version.ToString(CultureInfo.InvariantCulture), current])]);
        }

        CityTopology topology;
        try
        {
            topology = Read(fullPath).Topology;
        }
        catch (InvalidDataException ex)
        {
            // The message starts with the path, which means nothing to whoever uploaded the file.
            var reason = ex.Message.StartsWith(fullPath + ": ", StringComparison.Ordinal) ? ex.Message[(fullPath.Length + 2)..] : ex.Message;
            return (null, [new CityProblem("Unreadable", reason, null, [reason])]);
        }

        var problems = ValidateInDetail(topology);
        return problems.Count == 0 ? (topology, problems) : (null, problems);
    }

    /// <summary>
    /// Brings an older city file up to <see cref="CityTopology.CurrentVersion"/> in place, keeping everything in it.
    /// Versions 1 to <see cref="CityTopology.LastSchematicVersion"/> placed the city on a schematic map with generated
    /// ids; version 5 on needs real WGS-84 positions and official codes, which no upgrade can invent, so such a file is
    /// refused with <see cref="OutdatedCityFileException"/> (it says to regenerate). A version 5 file gains an empty
    /// property-firm registry (version 6), written atomically after the result is checked. A current file is left
    /// untouched. Returns the version the file had.
    /// </summary>
    public static int Upgrade(string path)
    {
        var fullPath = Path.GetFullPath(path);
        var version = PeekVersion(fullPath);
        if (version == CityTopology.CurrentVersion)
        {
            return CityTopology.CurrentVersion;
        }

        if (version is >= FirstVersion and <= CityTopology.LastSchematicVersion)
        {
            throw new OutdatedCityFileException(fullPath, version.Value);
        }

        if (version == CityTopology.LastVersionWithoutPropertyFirms)
        {
            var json = JsonNode.Parse(File.ReadAllText(fullPath))!.AsObject();
            json["version"] = CityTopology.CurrentVersion;
            json["propertyFirms"] = new JsonArray();
            CityTopology? upgraded;
            try
            {
                upgraded = json.Deserialize(ProtocolJson.Default.CityTopology);
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"{fullPath}: not a valid city file: {Describe(ex)}", ex);
            }

            Save(fullPath, upgraded ?? throw new InvalidDataException($"{fullPath}: not a valid city file: it holds null"));
            return version.Value;
        }

        throw new InvalidDataException(
            $"{fullPath}: version {version?.ToString(CultureInfo.InvariantCulture) ?? "(none)"} is not a city file version this build knows (it reads {CityTopology.CurrentVersion})");
    }

    /// <summary>Writes the city atomically (readers never see half a file); refuses a city that would not load.</summary>
    public static void Save(string path, CityTopology topology)
    {
        var problems = Validate(topology);
        if (problems.Count > 0)
        {
            throw new ArgumentException($"refusing to write an invalid city to {Path.GetFullPath(path)}: {Summarise(problems)}", nameof(topology));
        }

        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var temporary = fullPath + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(topology, Readable.CityTopology));
        File.Move(temporary, fullPath, overwrite: true);
    }

    /// <summary>Every problem of a city: missing parts, duplicate ids, references that do not resolve. Empty when it is usable.</summary>
    public static IReadOnlyList<string> Validate(CityTopology topology) => [.. ValidateInDetail(topology).Select(problem => problem.Text)];

    /// <summary>As <see cref="Validate"/>, each problem with its code and parts, for a reader in another language.</summary>
    public static IReadOnlyList<CityProblem> ValidateInDetail(CityTopology topology) => new Checker().Check(topology);

    /// <summary>Deserializes a city file without checking it; throws for a missing file or one that is not a city's JSON.</summary>
    private static (string FullPath, CityTopology Topology) Read(string fullPath)
    {
        CityTopology? topology;
        try
        {
            using var stream = OpenExisting(fullPath);
            topology = JsonSerializer.Deserialize(stream, ProtocolJson.Default.CityTopology);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{fullPath}: not a valid city file: {Describe(ex)}", ex);
        }

        return topology is null
            ? throw new InvalidDataException($"{fullPath}: not a valid city file: it holds null")
            : (fullPath, topology);
    }

    /// <summary>The file's <c>version</c>, or null when it is not JSON with a whole-number version (the full read then says what is wrong).</summary>
    private static int? PeekVersion(string fullPath)
    {
        try
        {
            using var stream = OpenExisting(fullPath);
            using var document = JsonDocument.Parse(stream);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("version", out var version)
                && version.ValueKind == JsonValueKind.Number && version.TryGetInt32(out var number)
                ? number
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static FileStream OpenExisting(string fullPath) =>
        File.Exists(fullPath) ? File.OpenRead(fullPath) : throw new FileNotFoundException($"{fullPath}: there is no city file", fullPath);

    private static string Summarise(IReadOnlyList<string> problems)
    {
        var shown = string.Join("; ", problems.Take(MaxProblemsShown));
        var count = problems.Count == 1 ? "1 problem" : $"{problems.Count} problems";
        return problems.Count > MaxProblemsShown ? $"{count}: {shown}; and {problems.Count - MaxProblemsShown} more" : $"{count}: {shown}";
    }

    private static string Describe(JsonException ex)
    {
        // The message ends with its own "Path: … | LineNumber: …" (zero-based); say it once, one-based.
        var reason = ex.Message;
        var cut = reason.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut >= 0)
        {
            reason = reason[..cut];
        }

        return ex.LineNumber is { } line
            ? $"line {line + 1}, column {ex.BytePositionInLine + 1}{(ex.Path is { Length: > 0 } at ? $" ({at})" : "")}: {reason}"
            : reason;
    }

    /// <summary>Walks a deserialized city; JSON may leave any list or name null whatever the record declares.</summary>
    private sealed partial class Checker
    {
        private readonly List<CityProblem> _problems = [];
        private readonly HashSet<string> _areaIds = new(StringComparer.Ordinal);
        private readonly HashSet<string> _districtIds = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (Grid Grid, string DistrictId)> _grids = new(StringComparer.Ordinal);
        private readonly Dictionary<string, MaintenanceFirm> _firms = new(StringComparer.Ordinal);
        private readonly HashSet<string> _units = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _gridStreets = new(StringComparer.Ordinal);
        private readonly HashSet<string> _streetIds = new(StringComparer.Ordinal);

        public List<CityProblem> Check(CityTopology city)
        {
            if (city.Version != CityTopology.CurrentVersion)
            {
                Add("Version", $"version {city.Version} is not supported (expected {CityTopology.CurrentVersion})", null, Text(city.Version), Text(CityTopology.CurrentVersion));
            }

            if (string.IsNullOrWhiteSpace(city.Name))
            {
                Add("CityNameMissing", "name is missing", null);
            }

            foreach (var district in Items(city.Districts, "districts"))
            {
                CheckDistrict(district);
            }

            var departmentIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var department in Items(city.Departments, "departments"))
            {
                if (Named("department", department.Id, department.Name) && !departmentIds.Add(department.Id))
                {
                    Add("IdTwice", $"department {department.Id}: id is used twice", "department", department.Id);
                }
            }

            foreach (var unit in Items(city.Units, "units"))
            {
                if (!Named("unit", unit.Id, unit.Name))
                {
                    continue;
                }

                if (!_units.Add(unit.Id))
                {
                    Add("IdTwice", $"unit {unit.Id}: id is used twice", "unit", unit.Id);
                }

                CheckContact("unit", unit.Id, "safetyDirector", unit.SafetyDirector);
                CheckPosition("unit", unit.Id, unit.Latitude, unit.Longitude);
            }

            foreach (var firm in Items(city.Firms, "firms"))
            {
                CheckFirm(firm);
            }

            var elevatorIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var elevator in Items(city.Elevators, "elevators"))
            {
                CheckElevator(elevator, elevatorIds);
            }

            var berthLots = new Dictionary<string, string>(StringComparer.Ordinal);
            var lotIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var lot in Items(city.Lots, "lots"))
            {
                CheckLot(lot, lotIds, berthLots);
            }

            var managedGrids = new Dictionary<string, string>(StringComparer.Ordinal);
            var propertyFirmIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var firm in Items(city.PropertyFirms, "propertyFirms"))
            {
                CheckPropertyFirm(firm, propertyFirmIds, managedGrids);
            }

            return _problems;
        }

        private void CheckPropertyFirm(PropertyFirm firm, HashSet<string> seen, Dictionary<string, string> managedGrids)
        {
            if (!Named("property firm", firm.Id, firm.Name))
            {
                return;
            }

            var where = $"property firm {firm.Id}";
            if (!seen.Add(firm.Id))
            {
                Add("IdTwice", $"{where}: id is used twice", "property firm", firm.Id);
            }

            if (firm.StreetId is null || !_streetIds.Contains(firm.StreetId))
            {
                Add("PropertyFirmStreetMissing", $"{where}: street '{firm.StreetId}' does not exist (the street that assesses it)", null, firm.Id, firm.StreetId);
            }

            if (firm.UnitIds is null)
            {
                Add("PropertyFirmUnitIdsMissing", $"{where}: unitIds is missing (the user units it runs; may be empty)", null, firm.Id);
            }
            else
            {
                foreach (var unknown in firm.UnitIds.Where(id => id is null || !_units.Contains(id)))
                {
                    Add("PropertyFirmUnitMissing", $"{where}: unit '{unknown}' does not exist", null, firm.Id, unknown);
                }
            }

            if (firm.Compounds is not { Count: > 0 })
            {
                Add("PropertyFirmCompoundsMissing", $"{where}: compounds is missing or empty (a property firm manages at least one compound)", null, firm.Id);
                return;
            }

            foreach (var compound in Items(firm.Compounds, $"{where}: compounds"))
            {
                if (compound.GridId is null || !_gridStreets.TryGetValue(compound.GridId, out var street))
                {
                    Add("PropertyFirmCompoundGridMissing", $"{where}: compound grid '{compound.GridId}' does not exist", null, firm.Id, compound.GridId);
                }
                else if (street != firm.StreetId)
                {
                    Add("PropertyFirmCompoundOutsideStreet", $"{where}: compound grid {compound.GridId} lies in street {street}, not in the firm's street {firm.StreetId}", null, firm.Id, compound.GridId, street, firm.StreetId);
                }
                else if (!managedGrids.TryAdd(compound.GridId, firm.Id))
                {
                    Add("PropertyFirmCompoundTaken", $"{where}: compound grid {compound.GridId} is managed by {managedGrids[compound.GridId]} already", null, firm.Id, compound.GridId, managedGrids[compound.GridId]);
                }
            }
        }

        private void CheckDistrict(District district)
        {
            if (!Area("district", district.Id, district.Name))
            {
                return;
            }

            _districtIds.Add(district.Id);
            if (district.CommandCenter is { } commandCenter)
            {
                CheckContact("district", district.Id, "commandCenter", commandCenter);
            }

            foreach (var street in Items(district.Streets, $"district {district.Id}: streets"))
            {
                if (!Area("street", street.Id, street.Name))
                {
                    continue;
                }

                _streetIds.Add(street.Id);

                foreach (var community in Items(street.Communities, $"street {street.Id}: communities"))
                {
                    if (!Area("community", community.Id, community.Name))
                    {
                        continue;
                    }

                    foreach (var grid in Items(community.Grids, $"community {community.Id}: grids"))
                    {
                        CheckGrid(grid, district.Id);
                        if (grid.Id is not null)
                        {
                            _gridStreets[grid.Id] = street.Id;
                        }
                    }
                }
            }
        }

        private void CheckGrid(Grid grid, string districtId)
        {
            if (!Area("grid", grid.Id, grid.Name))
            {
                return;
            }

            _grids[grid.Id] = (grid, districtId);
            CheckPosition("grid", grid.Id, grid.Latitude, grid.Longitude);

            if (grid.Buildings is null)
            {
                Add("GridBuildingsMissing", $"grid {grid.Id}: buildings is missing", null, grid.Id);
            }
        }

        private void CheckFirm(MaintenanceFirm firm)
        {
            if (!Named("firm", firm.Id, firm.Name))
            {
                return;
            }

            if (!_firms.TryAdd(firm.Id, firm))
            {
                Add("IdTwice", $"firm {firm.Id}: id is used twice", "firm", firm.Id);
            }

            CheckPosition("firm", firm.Id, firm.Latitude, firm.Longitude);

            if (firm.OnCall is null)
            {
                Add("FirmOnCallMissing", $"firm {firm.Id}: onCall is missing (the on-call contacts in calling order; may be empty)", null, firm.Id);
            }
            else
            {
                for (var i = 0; i < firm.OnCall.Count; i++)
                {
                    CheckContact("firm", firm.Id, $"onCall[{i}]", firm.OnCall[i]);
                }
            }

            if (firm.DistrictIds is not { Count: > 0 })
            {
                Add("FirmDistrictsMissing", $"firm {firm.Id}: districtIds is missing or empty (a firm serves at least one district)", null, firm.Id);
                return;
            }

            foreach (var unknown in firm.DistrictIds.Where(id => id is null || !_districtIds.Contains(id)))
            {
                Add("FirmDistrictMissing", $"firm {firm.Id}: district '{unknown}' does not exist", null, firm.Id, unknown);
            }
        }

        private void CheckElevator(ElevatorInfo elevator, HashSet<string> seen)
        {
            if (!Device("elevator", elevator.Id))
            {
                return;
            }

            var where = $"elevator {elevator.Id}";
            if (!seen.Add(elevator.Id))
            {
                Add("IdTwice", $"{where}: id is used twice", "elevator", elevator.Id);
            }

            if (elevator.Kind is not (DeviceKind.Elevator or DeviceKind.Escalator))
            {
                Add("ElevatorKind", $"{where}: kind must be elevator or escalator", null, elevator.Id);
            }

            if (string.IsNullOrWhiteSpace(elevator.RegistrationCode))
            {
                Add("ElevatorRegistrationMissing", $"{where}: registrationCode is missing", null, elevator.Id);
            }

            CheckContact("elevator", elevator.Id, "safetyOfficer", elevator.SafetyOfficer);
            CheckPosition("elevator", elevator.Id, elevator.Latitude, elevator.Longitude);

            if (elevator.UserUnitId is null || !_units.Contains(elevator.UserUnitId))
            {
                Add("ElevatorUnitMissing", $"{where}: user unit '{elevator.UserUnitId}' does not exist", null, elevator.Id, elevator.UserUnitId);
            }

            if (elevator.GridId is null || !_grids.TryGetValue(elevator.GridId, out var grid))
            {
                Add("ElevatorGridMissing", $"{where}: grid '{elevator.GridId}' does not exist", null, elevator.Id, elevator.GridId);
                return;
            }

            if (grid.Grid.Buildings is { } buildings && !buildings.Contains(elevator.Building))
            {
                Add("ElevatorBuildingMissing", $"{where}: building '{elevator.Building}' is not in grid {grid.Grid.Id}", null, elevator.Id, elevator.Building, grid.Grid.Id);
            }

            if (elevator.MaintenanceFirmId is null || !_firms.TryGetValue(elevator.MaintenanceFirmId, out var firm))
            {
                Add("ElevatorFirmMissing", $"{where}: maintenance firm '{elevator.MaintenanceFirmId}' does not exist", null, elevator.Id, elevator.MaintenanceFirmId);
            }
            else if (firm.DistrictIds?.Contains(grid.DistrictId) != true)
            {
                Add("ElevatorFirmDistrict", $"{where}: maintenance firm {firm.Id} does not serve district {grid.DistrictId}", null, elevator.Id, firm.Id, grid.DistrictId);
            }
        }

        private void CheckLot(ParkingLotInfo lot, HashSet<string> seen, Dictionary<string, string> berthLots)
        {
            if (!Device("lot", lot.Id))
            {
                return;
            }

            var where = $"lot {lot.Id}";
            if (!seen.Add(lot.Id))
            {
                Add("IdTwice", $"{where}: id is used twice", "lot", lot.Id);
            }

            CheckPosition("lot", lot.Id, lot.Latitude, lot.Longitude);

            if (lot.GridId is null || !_grids.ContainsKey(lot.GridId))
            {
                Add("LotGridMissing", $"{where}: grid '{lot.GridId}' does not exist", null, lot.Id, lot.GridId);
            }

            if (lot.BerthSensorIds is null || lot.NightFreeBerthSensorIds is null)
            {
                Add("LotBerthsMissing", $"{where}: berthSensorIds and nightFreeBerthSensorIds are required (may be empty)", null, lot.Id);
                return;
            }

            if (lot.Capacity < lot.BerthSensorIds.Count)
            {
                Add("LotCapacity", $"{where}: capacity {lot.Capacity} is less than its {lot.BerthSensorIds.Count} sensed berths", null, lot.Id, Text(lot.Capacity), Text(lot.BerthSensorIds.Count));
            }

            foreach (var berth in lot.BerthSensorIds)
            {
                if (Device("berth sensor", berth) && !berthLots.TryAdd(berth, lot.Id))
                {
                    Add("BerthTwoLots", $"berth sensor {berth}: belongs to both {berthLots[berth]} and {lot.Id}", null, berth, berthLots[berth], lot.Id);
                }
            }

            var berths = lot.BerthSensorIds.ToHashSet(StringComparer.Ordinal);
            foreach (var nightFree in lot.NightFreeBerthSensorIds.Where(b => !berths.Contains(b)))
            {
                Add("LotNightFreeNotBerth", $"{where}: night-free berth '{nightFree}' is not one of its berth sensors", null, lot.Id, nightFree);
            }
        }

        /// <summary>The non-null items of a list; a missing list or a null item is a problem.</summary>
        private IEnumerable<T> Items<T>(IReadOnlyList<T>? items, string what)
            where T : class
        {
            if (items is null)
            {
                Add("ListMissing", $"{what} is missing", null, what);
                yield break;
            }

            for (var i = 0; i < items.Count; i++)
            {
                if (items[i] is { } item)
                {
                    yield return item;
                }
                else
                {
                    Add("ListItemNull", $"{what}[{i}] is null", null, what, Text(i));
                }
            }
        }

        private bool Area(string kind, string? id, string? name)
        {
            if (!Named(kind, id, name))
            {
                return false;
            }

            if (!_areaIds.Add(id!))
            {
                Add("IdTwice", $"{kind} {id}: id is used twice", kind, id);
            }

            return true;
        }

        private bool Named(string kind, string? id, string? name)
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                if (name is null)
                {
                    Add("IdMissing", $"a {kind} has no id", kind);
                }
                else
                {
                    Add("IdMissingNamed", $"a {kind} has no id (name '{name}')", kind, name);
                }

                return false;
            }

            if (string.IsNullOrWhiteSpace(name))
            {
                Add("NameMissing", $"{kind} {id}: name is missing", kind, id);
            }

            return true;
        }

        /// <summary>A named person; the phone may be unknown (empty), but a given one must be dialable.</summary>
        private void CheckContact(string kind, string id, string field, Contact? contact)
        {
            var where = $"{kind} {id}: {field}";
            if (contact is null || string.IsNullOrWhiteSpace(contact.Name))
            {
                Add("ContactMissing", $"{where} is missing or has no name", kind, id, field);
            }
            else if (contact.Phone is null)
            {
                Add("ContactPhoneMissing", $"{where}: phone is missing (\"\" when unknown)", kind, id, field);
            }
            else if (contact.HasPhone && !PhonePattern().IsMatch(contact.Phone))
            {
                Add("ContactPhoneInvalid", $"{where}: phone '{contact.Phone}' is not a phone number (digits, an optional leading '+', '-' and spaces; 5 to 20 characters)", kind, id, field, contact.Phone);
            }
        }

        /// <summary>Device ids double as MQTT usernames and topic levels, so they follow the wire rules.</summary>
        private bool Device(string kind, string? id)
        {
            if (id is null || !MessageSchemas.IsValidDeviceId(id))
            {
                Add("DeviceIdInvalid", $"{kind} id '{id}' is not a valid device id (letters, digits, '-' and '_', at most {MessageSchemas.MaxDeviceIdLength} characters)", kind, id, Text(MessageSchemas.MaxDeviceIdLength));
                return false;
            }

            return true;
        }

        [GeneratedRegex(@"^\+?[0-9][0-9 -]{3,18}[0-9]$")]
        private static partial Regex PhonePattern();

        /// <summary>
        /// A WGS-84 position: latitude and longitude in range and not (0, 0), the value of a position left out. Whether
        /// it lies in the city's districts is checked against the outlines (<c>CityAreasCheck</c> of the geography).
        /// </summary>
        private void CheckPosition(string kind, string id, double latitude, double longitude)
        {
            if (latitude is not (>= -90 and <= 90) || longitude is not (>= -180 and <= 180) || (latitude == 0 && longitude == 0))
            {
                Add("PositionInvalid", $"{kind} {id}: position (latitude {latitude}, longitude {longitude}) is not a WGS-84 position (latitude −90–90, longitude −180–180, not 0, 0)",
                    kind, id, Text(latitude), Text(longitude));
            }
        }

        /// <summary>One problem: its English text as this file has always said it, and its code and parts for a translation.</summary>
        private void Add(string code, string text, string? kind, params string?[] args) =>
            _problems.Add(new CityProblem(code, text, kind, [.. args.Select(arg => arg ?? "")]));

        private static string Text(double number) => number.ToString(CultureInfo.InvariantCulture);
    }
}
