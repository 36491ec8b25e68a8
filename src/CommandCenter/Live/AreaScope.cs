using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;

namespace CommandCenter.Live;

/// <summary>What a district or grid screen starts from: the area's reported elevators and its open alarms.</summary>
public sealed record AreaSnapshot(string AreaKey, string Name, IReadOnlyList<ElevatorSnapshot> Elevators, IReadOnlyList<AlarmSnapshot> Alarms);

/// <summary>
/// Which hub groups an elevator's changes go to besides the wall: its firm, its district and its grid,
/// all from the city topology, so an elevator's alarms and status always land in the same groups.
/// </summary>
public sealed class AreaScope
{
    private readonly CityDirectory _city;
    private readonly IGrainFactory _grains;

    /// <summary>Each district's and grid's elevators, worked out again after a city import.</summary>
    private readonly CityDerived<FrozenDictionary<string, FrozenSet<string>>> _elevatorsByArea;

    // Every status pushed asks for its elevator's groups: their names are made once per place, and a place the city
    // no longer holds takes its names with it.
    private readonly ConditionalWeakTable<ElevatorPlace, string[]> _groupsByPlace = [];

    public AreaScope(CityDirectory city, IGrainFactory grains)
    {
        _city = city;
        _grains = grains;
        _elevatorsByArea = new(city, ElevatorsByArea);
    }

    /// <summary>The hub groups (other than the wall) that receive this elevator's changes; none for an elevator outside the city.</summary>
    public string[] GroupsOf(string elevatorId) =>
        _city.FindElevator(elevatorId) is { } place ? _groupsByPlace.GetValue(place, static place => GroupNames(place)) : [];

    private static string[] GroupNames(ElevatorPlace place) =>
    [
        LiveHubGroups.Firm(place.Firm.Id),
        LiveHubGroups.Area(AreaKeys.District(place.Place.District.Id)),
        LiveHubGroups.Area(AreaKeys.Grid(place.Place.Grid.Id)),
    ];

    /// <summary>
    /// The groups an alarm goes to: those of its elevator, plus the firm it is dispatched to now, which
    /// after a missed arrival is another firm than the elevator's own.
    /// </summary>
    public IEnumerable<string> GroupsOf(AlarmSnapshot alarm) =>
        GroupsOf(alarm.ElevatorId)
            .Where(group => !group.StartsWith(LiveHubGroups.FirmPrefix, StringComparison.Ordinal))
            .Concat(alarm.FirmId is { } firm ? [LiveHubGroups.Firm(firm)] : []);

    /// <summary>The district or grid with this area key (<c>district/{id}</c>, <c>grid/{id}</c>); null for any other key.</summary>
    public AreaInfo? FindWatchable(string? areaKey) =>
        areaKey is not null && _city.FindArea(areaKey) is { Level: AreaLevel.District or AreaLevel.Grid } area ? area : null;

    public async Task<AreaSnapshot> GetSnapshotAsync(AreaInfo area, CancellationToken cancellationToken)
    {
        var ids = _elevatorsByArea.Value.GetValueOrDefault(area.Key) ?? FrozenSet<string>.Empty;
        var elevators = await Task.WhenAll(ids.Select(id => _grains.GetGrain<IElevatorGrain>(id).GetSnapshotAsync())).WaitAsync(cancellationToken);
        var alarms = await _grains.GetGrain<IAlarmIndexGrain>(GrainKeys.AlarmIndex).ListAsync(openOnly: true).WaitAsync(cancellationToken);
        return new AreaSnapshot(
            area.Key,
            area.Name,
            [.. elevators.OfType<ElevatorSnapshot>().OrderBy(e => e.Id, StringComparer.Ordinal)],
            [.. alarms.Where(a => ids.Contains(a.ElevatorId))]);
    }

    private static FrozenDictionary<string, FrozenSet<string>> ElevatorsByArea(CityDirectory city) =>
        city.Topology.Elevators
            .Select(e => city.FindElevator(e.Id))
            .OfType<ElevatorPlace>()
            .SelectMany(place => new[] { AreaKeys.District(place.Place.District.Id), AreaKeys.Grid(place.Place.Grid.Id) }.Select(area => (area, place.Elevator.Id)))
            .GroupBy(pair => pair.area, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Select(pair => pair.Id).ToFrozenSet(StringComparer.Ordinal), StringComparer.Ordinal);
}
