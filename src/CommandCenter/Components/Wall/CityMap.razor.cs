using System.Globalization;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Protocol;
using CommandCenter.Wall;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Wall;

/// <summary>
/// The schematic map: districts outlined around their grids, every grid a dot coloured by its worst
/// state (its rollup counters, and at once any open alarm in it). Click a district to zoom to its
/// grids, a grid to see its elevators and parking lots.
/// </summary>
public sealed partial class CityMap : WallComponentBase
{
    private IReadOnlyList<DistrictShape> _shapes = [];
    private MapBox _cityBox;
    private DistrictShape? _district;
    private GridPlace? _grid;
    private IReadOnlyList<string> _gridElevators = [];
    private IReadOnlyList<ParkingLotInfo> _gridLots = [];
    private AlarmOverlay _overlay = AlarmOverlay.Empty;

    /// <summary>The map is the view's main panel (the map view) rather than one of many.</summary>
    [Parameter]
    public bool Large { get; set; }

    [Inject]
    private CityDirectory City { get; set; } = default!;

    protected override WallTopics Topics => WallTopics.Areas | WallTopics.Alarms | WallTopics.Parking;

    private string Level => _grid is not null ? "grid" : _district is not null ? "district" : "city";

    protected override void OnInitialized()
    {
        base.OnInitialized();
        // An area's screen draws the district it lies in, with the area's grids only, and opens zoomed to it.
        var scope = State.Scope;
        _shapes = [.. CityShapes.Of(City.Topology)
            .Where(shape => scope.IsCity || shape.Id == scope.DistrictId)
            .Select(shape => scope.IsCity ? shape : shape with { Grids = [.. shape.Grids.Where(g => scope.CoversGrid(g.Id))] })];
        _cityBox = MapBox.Around(_shapes.SelectMany(s => s.Grids).Select(g => (g.X, g.Y)), CityShapes.Margin * 2);
        ShowCity();
    }

    /// <summary>A grid's colour: the worse of its rollup and its open alarms.</summary>
    public AreaState GridState(string gridId) =>
        AreaGrade.Worst(AreaGrade.Of(State.AreaOf(AreaKeys.Grid(gridId))), Overlay().Grids.GetValueOrDefault(gridId));

    public AreaState DistrictState(string districtId) =>
        AreaGrade.Worst(AreaGrade.Of(State.AreaOf(AreaKeys.District(districtId))), Overlay().Districts.GetValueOrDefault(districtId));

    /// <summary>Back to the whole map: the city, or the district of an area's screen.</summary>
    public void ShowCity()
    {
        _district = State.Scope.IsCity ? null : _shapes.FirstOrDefault();
        _grid = null;
    }

    public void ShowDistrict(string districtId)
    {
        _district = _shapes.FirstOrDefault(s => s.Id == districtId);
        _grid = null;
    }

    public void ShowGrid(string gridId)
    {
        if (City.FindGrid(gridId) is not { } place)
        {
            return;
        }

        _grid = place;
        _district = _shapes.FirstOrDefault(s => s.Id == place.District.Id);
        _gridElevators = [.. City.Topology.Elevators.Where(e => e.GridId == gridId).Select(e => e.Id)];
        _gridLots = [.. City.Topology.Lots.Where(l => l.GridId == gridId)];
    }

    /// <summary>The grids in view with their states, worst last so overlapping dots never hide an alarm.</summary>
    private IEnumerable<(MapGrid Grid, AreaState State)> VisibleGrids() =>
        (_district?.Grids ?? _shapes.SelectMany(s => s.Grids)).Select(g => (g, GridState(g.Id))).OrderBy(pair => pair.Item2);

    /// <summary>Worst open-alarm state per grid and district, rebuilt only when the alarm list changed.</summary>
    private AlarmOverlay Overlay()
    {
        if (!ReferenceEquals(_overlay.Source, State.OpenAlarms))
        {
            _overlay = AlarmOverlay.Of(State.OpenAlarms);
        }

        return _overlay;
    }

    private static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private sealed record AlarmOverlay(IReadOnlyList<AlarmSnapshot> Source, Dictionary<string, AreaState> Grids, Dictionary<string, AreaState> Districts)
    {
        public static readonly AlarmOverlay Empty = new([], [], []);

        public static AlarmOverlay Of(IReadOnlyList<AlarmSnapshot> alarms)
        {
            var overlay = new AlarmOverlay(alarms, new(StringComparer.Ordinal), new(StringComparer.Ordinal));
            foreach (var alarm in alarms)
            {
                Raise(overlay.Grids, alarm.GridId, alarm);
                Raise(overlay.Districts, alarm.DistrictId, alarm);
            }

            return overlay;
        }

        private static void Raise(Dictionary<string, AreaState> states, string? key, AlarmSnapshot alarm)
        {
            if (key is not null)
            {
                states[key] = AreaGrade.Worst(states.GetValueOrDefault(key), AreaGrade.Of(alarm));
            }
        }
    }
}
