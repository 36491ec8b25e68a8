using CommandCenter.Protocol;

namespace CommandCenter.Simulators.City;

/// <summary>
/// Lookups over a <see cref="CityTopology"/> that the simulators need: where each device stands
/// (elevator, lot, berth → district), which lot a berth belongs to, the units of elevators. Built
/// once per run or generation, so every lookup is O(1) even for Yinchuan's 33,000 devices.
/// </summary>
public sealed class CityMap
{
    private readonly Dictionary<string, ElevatorInfo> _elevators;
    private readonly Dictionary<string, ParkingLotInfo> _lots;
    private readonly Dictionary<string, ParkingLotInfo> _lotsByBerth = new(StringComparer.Ordinal);
    private readonly HashSet<string> _nightFree = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _devicesByDistrict = new(StringComparer.Ordinal);

    /// <summary>Indexes a city that passed <see cref="CityTopologyFile.Validate"/>.</summary>
    public CityMap(CityTopology topology)
    {
        Topology = topology;
        var districtOfGrid = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var district in topology.Districts)
        {
            _devicesByDistrict[district.Id] = new HashSet<string>(StringComparer.Ordinal);
            foreach (var grid in district.Streets.SelectMany(s => s.Communities).SelectMany(c => c.Grids))
            {
                districtOfGrid[grid.Id] = district.Id;
            }
        }

        _elevators = topology.Elevators.ToDictionary(e => e.Id, StringComparer.Ordinal);
        _lots = topology.Lots.ToDictionary(l => l.Id, StringComparer.Ordinal);
        foreach (var elevator in topology.Elevators)
        {
            _devicesByDistrict[districtOfGrid[elevator.GridId]].Add(elevator.Id);
        }

        foreach (var lot in topology.Lots)
        {
            var inDistrict = _devicesByDistrict[districtOfGrid[lot.GridId]];
            inDistrict.Add(lot.Id);
            foreach (var berth in lot.BerthSensorIds)
            {
                _lotsByBerth[berth] = lot;
                inDistrict.Add(berth);
            }

            _nightFree.UnionWith(lot.NightFreeBerthSensorIds);
        }
    }

    public CityTopology Topology { get; }

    /// <summary>District ids in the city's order.</summary>
    public IEnumerable<string> DistrictIds => Topology.Districts.Select(d => d.Id);

    public ElevatorInfo? Elevator(string id) => _elevators.GetValueOrDefault(id);

    /// <summary>A lot by its id, which is also the id of its gate counter.</summary>
    public ParkingLotInfo? Lot(string id) => _lots.GetValueOrDefault(id);

    /// <summary>The lot a berth sensor belongs to, or null for a sensor the city does not have.</summary>
    public ParkingLotInfo? LotOfBerth(string berthSensorId) => _lotsByBerth.GetValueOrDefault(berthSensorId);

    /// <summary>Whether a berth is one of the night-time free berths (夜间限时免费停车位).</summary>
    public bool IsNightFree(string berthSensorId) => _nightFree.Contains(berthSensorId);

    /// <summary>
    /// The device ids standing in a district: its elevators, the gate counters of its lots and those
    /// lots' berth sensors (what a district-wide power cut takes down). Empty for an unknown district.
    /// </summary>
    public IReadOnlySet<string> DevicesIn(string districtId) =>
        _devicesByDistrict.TryGetValue(districtId, out var devices) ? devices : new HashSet<string>();

    /// <summary>The distinct user units of some elevators, in the city's unit order; unknown elevators are skipped.</summary>
    public IReadOnlyList<UserUnit> UnitsOf(IEnumerable<string> elevatorIds)
    {
        var ids = elevatorIds.Select(Elevator).OfType<ElevatorInfo>().Select(e => e.UserUnitId).ToHashSet(StringComparer.Ordinal);
        return [.. Topology.Units.Where(u => ids.Contains(u.Id))];
    }
}
