using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CommandCenter.Protocol;

/// <summary>The ids of one kind of thing that an imported city adds, changes and retires, each list in id order.</summary>
public sealed record CityChanges(IReadOnlyList<string> Added, IReadOnlyList<string> Changed, IReadOnlyList<string> Retired)
{
    public static CityChanges None { get; } = new([], [], []);

    public bool IsEmpty => Added.Count == 0 && Changed.Count == 0 && Retired.Count == 0;
}

/// <summary>
/// What an imported city file changes against the running one, kind by kind. An area is "changed" when its own fields
/// changed (name, position, buildings, a district's urban flag or command center), not when only something below it did;
/// an elevator, unit, firm, lot or property firm when any of its fields did. A berth sensor is "changed" when it moved to
/// another lot. Devices (elevators, escalators, lots, berth sensors) added are registered by the import and those retired
/// are refused from then on. <see cref="Renamed"/> is the city's new name when the import changes it.
/// </summary>
public sealed record CityDifference(
    string? Renamed,
    CityChanges Districts,
    CityChanges Streets,
    CityChanges Communities,
    CityChanges Grids,
    CityChanges Departments,
    CityChanges Units,
    CityChanges Firms,
    CityChanges Elevators,
    CityChanges Lots,
    CityChanges BerthSensors,
    CityChanges PropertyFirms)
{
    public bool IsEmpty => Renamed is null && Kinds.All(kind => kind.Changes.IsEmpty);

    /// <summary>Each kind with its stable name (as in the API's JSON), in the order the admin reads them.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<(string Kind, CityChanges Changes)> Kinds =>
    [
        ("districts", Districts), ("streets", Streets), ("communities", Communities), ("grids", Grids), ("departments", Departments),
        ("units", Units), ("firms", Firms), ("elevators", Elevators), ("lots", Lots), ("berthSensors", BerthSensors), ("propertyFirms", PropertyFirms),
    ];

    /// <summary>One line of counts, for the audit log and the log: <c>elevators +2 ~1 -1; lots +1</c> (unchanged kinds left out).</summary>
    public string Summary => IsEmpty
        ? "no change"
        : string.Join("; ", (Renamed is null ? [] : new[] { $"name → {Renamed}" })
            .Concat(Kinds.Where(k => !k.Changes.IsEmpty).Select(k => $"{k.Kind} +{k.Changes.Added.Count} ~{k.Changes.Changed.Count} -{k.Changes.Retired.Count}")));

    public static CityDifference Between(CityTopology before, CityTopology after)
    {
        var districtsBefore = before.Districts;
        var districtsAfter = after.Districts;
        var streetsBefore = districtsBefore.SelectMany(d => d.Streets).ToList();
        var streetsAfter = districtsAfter.SelectMany(d => d.Streets).ToList();
        var communitiesBefore = streetsBefore.SelectMany(s => s.Communities).ToList();
        var communitiesAfter = streetsAfter.SelectMany(s => s.Communities).ToList();
        return new CityDifference(
            before.Name == after.Name ? null : after.Name,
            Compare(districtsBefore, districtsAfter, d => d.Id, SameJson<District>(d => d with { Streets = [] })),
            Compare(streetsBefore, streetsAfter, s => s.Id, SameJson<Street>(s => s with { Communities = [] })),
            Compare(communitiesBefore, communitiesAfter, c => c.Id, SameJson<Community>(c => c with { Grids = [] })),
            Compare(communitiesBefore.SelectMany(c => c.Grids), communitiesAfter.SelectMany(c => c.Grids), g => g.Id, SameJson<Grid>(g => g)),
            Compare(before.Departments, after.Departments, d => d.Id, SameJson<Department>(d => d)),
            Compare(before.Units, after.Units, u => u.Id, SameJson<UserUnit>(u => u)),
            Compare(before.Firms, after.Firms, f => f.Id, SameJson<MaintenanceFirm>(f => f)),
            Compare(before.Elevators, after.Elevators, e => e.Id, SameJson<ElevatorInfo>(e => e)),
            Compare(before.Lots, after.Lots, l => l.Id, SameJson<ParkingLotInfo>(l => l)),
            Compare(Berths(before), Berths(after), b => b.Sensor, (was, now) => was == now),
            Compare(before.PropertyFirms, after.PropertyFirms, p => p.Id, SameJson<PropertyFirm>(p => p)));
    }

    /// <summary>The devices the imported city has that the running one lacks, with the kind to register them as.</summary>
    public IReadOnlyList<(string Id, DeviceKind Kind)> AddedDevices(CityTopology after) => Devices(after, kind => kind.Added);

    /// <summary>The devices of the running city that the imported one no longer has: refused from the import on.</summary>
    public IReadOnlyList<(string Id, DeviceKind Kind)> RetiredDevices(CityTopology before) => Devices(before, kind => kind.Retired);

    private List<(string Id, DeviceKind Kind)> Devices(CityTopology city, Func<CityChanges, IReadOnlyList<string>> pick)
    {
        var elevators = pick(Elevators).ToHashSet(StringComparer.Ordinal);
        var lots = pick(Lots).ToHashSet(StringComparer.Ordinal);
        var berths = pick(BerthSensors).ToHashSet(StringComparer.Ordinal);
        return
        [
            .. city.Elevators.Where(e => elevators.Contains(e.Id)).Select(e => (e.Id, e.Kind)),
            .. city.Lots.Where(l => lots.Contains(l.Id)).Select(l => (l.Id, DeviceKind.Lot)),
            .. Berths(city).Where(b => berths.Contains(b.Sensor)).Select(b => (b.Sensor, DeviceKind.Berth)),
        ];
    }

    private sealed record Berth(string Sensor, string LotId);

    private static IEnumerable<Berth> Berths(CityTopology city) => city.Lots.SelectMany(l => l.BerthSensorIds.Select(sensor => new Berth(sensor, l.Id)));

    /// <summary>Added and retired by id; changed when present in both and not <paramref name="same"/>.</summary>
    private static CityChanges Compare<T>(IEnumerable<T> before, IEnumerable<T> after, Func<T, string> id, Func<T, T, bool> same)
    {
        var old = before.ToDictionary(id, StringComparer.Ordinal);
        var now = after.ToDictionary(id, StringComparer.Ordinal);
        return new CityChanges(
            [.. now.Keys.Where(key => !old.ContainsKey(key)).Order(StringComparer.Ordinal)],
            [.. now.Where(pair => old.TryGetValue(pair.Key, out var was) && !same(was, pair.Value)).Select(pair => pair.Key).Order(StringComparer.Ordinal)],
            [.. old.Keys.Where(key => !now.ContainsKey(key)).Order(StringComparer.Ordinal)]);
    }

    /// <summary>
    /// Equal when the <paramref name="own"/> part (children left out) reads the same as JSON: records holding lists compare
    /// those lists by reference, JSON by content.
    /// </summary>
    private static Func<T, T, bool> SameJson<T>(Func<T, T> own)
    {
        var info = (JsonTypeInfo<T>)ProtocolJson.Default.Options.GetTypeInfo(typeof(T));
        return (was, now) => JsonSerializer.Serialize(own(was), info) == JsonSerializer.Serialize(own(now), info);
    }
}
