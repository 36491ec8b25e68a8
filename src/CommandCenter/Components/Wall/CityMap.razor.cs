using System.Globalization;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Protocol;
using CommandCenter.Wall;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Wall;

/// <summary>
/// The map of the screen's area: the real outlines of the city's districts, and below them the generated outlines
/// of streets, communities and grids (<see cref="CityMapGeometry"/>). Each level shows its children coloured by their
/// worst state (their rollup counters, and at once any open alarm in them); a click on one drills in, the breadcrumb
/// goes back up. Open alarms stand at their elevators, parking lots at their entrances with their free and
/// night-free berths; a grid shows its elevators and lots beside the map.
/// </summary>
public sealed partial class CityMap : WallComponentBase
{
    private MapArea? _root;
    private MapArea? _current;
    private IReadOnlyList<MapArea> _trail = [];
    private IReadOnlyList<string> _gridElevators = [];
    private IReadOnlyList<ParkingLotInfo> _gridLots = [];
    private AlarmOverlay _overlay = AlarmOverlay.Empty;
    private bool _heat;

    /// <summary>How far back the heat layer counts alarms.</summary>
    public static readonly TimeSpan HeatWindow = TimeSpan.FromHours(24);

    /// <summary>The map is the view's main panel (the map view) rather than one of many.</summary>
    [Parameter]
    public bool Large { get; set; }

    [Inject]
    private CityDirectory City { get; set; } = default!;

    [Inject]
    private CityMapGeometry Geometry { get; set; } = default!;

    protected override WallTopics Topics => WallTopics.Areas | WallTopics.Alarms | WallTopics.Parking;

    private string Level => _current?.Level.ToString().ToLowerInvariant() ?? "city";

    /// <summary>Below the district, outlines come from the generated partition, not a survey.</summary>
    private bool Schematic => _current is { Level: > AreaLevel.City };

    protected override void OnInitialized()
    {
        base.OnInitialized();
        // An area's screen opens on its own area and drills down from there.
        _root = Geometry.IsEmpty ? null : Geometry.Find(State.Scope.AreaKey);
        ShowRoot();
    }

    /// <summary>An area's colour: the worse of its rollup and the open alarms inside it.</summary>
    public AreaState StateOf(string areaKey) =>
        AreaGrade.Worst(AreaGrade.Of(State.AreaOf(areaKey)), Overlay().Areas.GetValueOrDefault(areaKey));

    /// <summary>Back to the whole map: the city, or the area of an area's screen.</summary>
    public void ShowRoot()
    {
        if (_root is not null)
        {
            ShowArea(_root.Key);
        }
    }

    /// <summary>Zooms to an area at or below the screen's own, showing the areas it is divided into.</summary>
    public void ShowArea(string areaKey)
    {
        if (_root is null || Geometry.Find(areaKey) is not { } area || !Within(areaKey, _root.Key))
        {
            return;
        }

        _current = area;
        _trail = [.. Ancestors(areaKey).TakeWhile(key => key != _root.Key).Append(_root.Key).Reverse().Select(key => Geometry.Find(key)!)];
        _gridElevators = area.Level == AreaLevel.Grid ? [.. City.Topology.Elevators.Where(e => e.GridId == area.Id).Select(e => e.Id)] : [];
        _gridLots = area.Level == AreaLevel.Grid ? [.. City.Topology.Lots.Where(l => l.GridId == area.Id)] : [];
    }

    /// <summary>Shows or hides the heat layer: the children shaded by their open work orders and recent alarms.</summary>
    public void ToggleHeat() => _heat = !_heat;

    /// <summary>
    /// Each child's heat: its open work orders (the rollup's count) and the open alarms in it raised within the last
    /// <see cref="HeatWindow"/>. The wall holds no closed work orders or alarms per area, so the layer counts what is
    /// still open.
    /// </summary>
    private Dictionary<string, int> Heat(IEnumerable<MapArea> children)
    {
        var heat = children.ToDictionary(c => c.Key, c => (int)State.AreaOf(c.Key)[AreaMetrics.TicketsOpen], StringComparer.Ordinal);
        var since = State.Now - HeatWindow;
        foreach (var alarm in State.OpenAlarms.Where(a => a.GridId is not null && a.OccurredAt >= since))
        {
            if (Ancestors(AreaKeys.Grid(alarm.GridId!)).FirstOrDefault(heat.ContainsKey) is { } child)
            {
                heat[child]++;
            }
        }

        return heat;
    }

    /// <summary>The areas the current one is divided into with their states, worst last so an alarm is drawn on top.</summary>
    private IEnumerable<(MapArea Area, AreaState State)> Children() =>
        _current is null ? [] : Geometry.ChildrenOf(_current).Select(child => (child, StateOf(child.Key))).OrderBy(pair => pair.Item2);

    /// <summary>Open alarms inside the current area, at their elevators' positions.</summary>
    private IEnumerable<(AlarmSnapshot Alarm, double X, double Y)> AlarmMarkers()
    {
        foreach (var alarm in State.OpenAlarms)
        {
            if (City.FindElevator(alarm.ElevatorId) is { } place && InView(place.Elevator.GridId))
            {
                var (x, y) = Geometry.Projection.Project(place.Elevator.Latitude, place.Elevator.Longitude);
                yield return (alarm, x, y);
            }
        }
    }

    /// <summary>
    /// Parking lots inside the current area from street level down (a city of 500 lots would bury its districts in
    /// markers; the parking panel has the totals), at their entrances, with what their lot grains last said.
    /// </summary>
    private IEnumerable<(ParkingLotInfo Lot, ParkingLotSnapshot? Snapshot, double X, double Y)> LotMarkers()
    {
        if (_current is not { Level: >= AreaLevel.Street })
        {
            yield break;
        }

        foreach (var lot in City.Topology.Lots.Where(l => InView(l.GridId)))
        {
            var (x, y) = Geometry.Projection.Project(lot.Latitude, lot.Longitude);
            yield return (lot, State.Lots.FirstOrDefault(s => s.Id == lot.Id), x, y);
        }
    }

    private bool InView(string gridId) => _current is not null && State.Scope.CoversGrid(gridId) && Within(AreaKeys.Grid(gridId), _current.Key);

    private bool Within(string areaKey, string ancestorKey) => Ancestors(areaKey).Contains(ancestorKey, StringComparer.Ordinal);

    /// <summary>The area and every area above it, up to the city.</summary>
    private IEnumerable<string> Ancestors(string areaKey)
    {
        for (string? at = areaKey; at is not null; at = City.ParentOf(at))
        {
            yield return at;
        }
    }

    /// <summary>Worst open-alarm state per area, rebuilt only when the alarm list changed.</summary>
    private AlarmOverlay Overlay()
    {
        if (!ReferenceEquals(_overlay.Source, State.OpenAlarms))
        {
            _overlay = AlarmOverlay.Of(State.OpenAlarms, Ancestors);
        }

        return _overlay;
    }

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private sealed record AlarmOverlay(IReadOnlyList<AlarmSnapshot> Source, Dictionary<string, AreaState> Areas)
    {
        public static readonly AlarmOverlay Empty = new([], []);

        /// <summary>Each alarm raises its grid and every area above it.</summary>
        public static AlarmOverlay Of(IReadOnlyList<AlarmSnapshot> alarms, Func<string, IEnumerable<string>> ancestors)
        {
            var overlay = new AlarmOverlay(alarms, new(StringComparer.Ordinal));
            foreach (var alarm in alarms.Where(a => a.GridId is not null))
            {
                foreach (var key in ancestors(AreaKeys.Grid(alarm.GridId!)))
                {
                    overlay.Areas[key] = AreaGrade.Worst(overlay.Areas.GetValueOrDefault(key), AreaGrade.Of(alarm));
                }
            }

            return overlay;
        }
    }
}
