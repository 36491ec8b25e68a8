using System.Collections.Immutable;
using System.Globalization;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Grains.Tickets;
using CommandCenter.Protocol;
using CommandCenter.Wall;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Wall;

/// <summary>
/// The map of the screen's area: the real outlines of the city's districts, and below them the generated outlines
/// of streets, communities and grids (<see cref="CityMapGeometry"/>). Each level shows its children coloured by their
/// worst state (their rollup counters, and at once any open alarm in them); a click on one drills in, the breadcrumb
/// goes back up. Open alarms stand at their elevators, open cases where they were reported (or in their grid), parking
/// lots at their entrances with their free and night-free berths; a grid shows its elevators and lots beside the map.
/// The heat layer shades the children by the cases reported and alarms raised in them over the last day or week.
/// </summary>
public sealed partial class CityMap : WallComponentBase
{
    private MapArea? _root;
    private MapArea? _current;
    private IReadOnlyList<MapArea> _trail = [];
    private IReadOnlyList<string> _gridElevators = [];
    private IReadOnlyList<ParkingLotInfo> _gridLots = [];
    private AlarmOverlay _overlay = AlarmOverlay.Empty;
    private HeatWindow? _heat;
    private IReadOnlyDictionary<string, int>? _heatCounts;
    private ImmutableArray<TicketSummary> _cases = [];

    /// <summary>The map is the view's main panel (the map view) rather than one of many.</summary>
    [Parameter]
    public bool Large { get; set; }

    [Inject]
    private CityDirectory City { get; set; } = default!;

    [Inject]
    private CityMapGeometry Geometry { get; set; } = default!;

    [Inject]
    private IMapActivity Activity { get; set; } = default!;

    [Inject]
    private TicketCatalog Catalog { get; set; } = default!;

    protected override WallTopics Topics => WallTopics.Areas | WallTopics.Alarms | WallTopics.Parking | WallTopics.Tickets;

    private string Level => _current?.Level.ToString().ToLowerInvariant() ?? "city";

    /// <summary>Below the district, outlines come from the generated partition unless the city imported its own.</summary>
    private bool Schematic => _current is { } current && (current.Generated || Geometry.ChildrenOf(current).Any(child => child.Generated));

    protected override async Task OnInitializedAsync()
    {
        base.OnInitialized();
        // An area's screen opens on its own area and drills down from there.
        _root = Geometry.IsEmpty ? null : Geometry.Find(State.Scope.AreaKey);
        await ShowRootAsync();
    }

    protected override async Task OnStateChangedAsync()
    {
        await LoadActivityAsync();
        StateHasChanged();
    }

    /// <summary>An area's colour: the worse of its rollup and the open alarms inside it.</summary>
    public AreaState StateOf(string areaKey) =>
        AreaGrade.Worst(AreaGrade.Of(State.AreaOf(areaKey)), Overlay().Areas.GetValueOrDefault(areaKey));

    /// <summary>Back to the whole map: the city, or the area of an area's screen.</summary>
    public Task ShowRootAsync() => _root is null ? Task.CompletedTask : ShowAreaAsync(_root.Key);

    /// <summary>Zooms to an area at or below the screen's own, showing the areas it is divided into.</summary>
    public async Task ShowAreaAsync(string areaKey)
    {
        if (_root is null || Geometry.Find(areaKey) is not { } area || !Within(areaKey, _root.Key))
        {
            return;
        }

        _current = area;
        _trail = [.. Ancestors(areaKey).TakeWhile(key => key != _root.Key).Append(_root.Key).Reverse().Select(key => Geometry.Find(key)!)];
        _gridElevators = area.Level == AreaLevel.Grid ? [.. City.Topology.Elevators.Where(e => e.GridId == area.Id).Select(e => e.Id)] : [];
        _gridLots = area.Level == AreaLevel.Grid ? [.. City.Topology.Lots.Where(l => l.GridId == area.Id)] : [];
        await LoadActivityAsync();
    }

    /// <summary>Shows the heat layer over the last day, or hides it.</summary>
    public Task ToggleHeatAsync() => ShowHeatAsync(_heat is null ? HeatWindow.Day : null);

    /// <summary>Shows the heat layer over the window, or hides it (null).</summary>
    public async Task ShowHeatAsync(HeatWindow? window)
    {
        _heat = window;
        await LoadActivityAsync();
    }

    /// <summary>The open cases of the area in view, and the heat of its children when the layer is on.</summary>
    private async Task LoadActivityAsync()
    {
        if (_current is null)
        {
            return;
        }

        _cases = await Activity.OpenCasesAsync(_current.Key);
        _heatCounts = _heat is { } window ? await HeatAsync(window) : null;
    }

    /// <summary>
    /// Each child's heat: the cases reported in it and the alarms raised in it within the window, whether still open
    /// (the live state) or closed since (the history).
    /// </summary>
    private async Task<IReadOnlyDictionary<string, int>> HeatAsync(HeatWindow window)
    {
        var children = Geometry.ChildrenOf(_current!).Select(child => child.Key).ToList();
        var heat = new Dictionary<string, int>(await Activity.CasesReportedAsync(children, window), StringComparer.Ordinal);
        void Add(string gridId, int count)
        {
            if (Ancestors(AreaKeys.Grid(gridId)).FirstOrDefault(heat.ContainsKey) is { } child)
            {
                heat[child] += count;
            }
        }

        foreach (var (gridId, count) in await Activity.ClosedAlarmsRaisedAsync(window))
        {
            Add(gridId, count);
        }

        var since = State.Now - MapActivity.Span(window);
        foreach (var alarm in State.OpenAlarms.Where(a => a.GridId is not null && a.OccurredAt >= since))
        {
            Add(alarm.GridId!, 1);
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
    /// Open cases inside the current area where they were reported, or at their grid's label point when they came
    /// without a position; the newest <see cref="MapActivity.MaxCaseMarkers"/>.
    /// </summary>
    private IEnumerable<(TicketSummary Ticket, double X, double Y)> CaseMarkers()
    {
        foreach (var ticket in _cases)
        {
            if (ticket.Location is { Latitude: { } latitude, Longitude: { } longitude })
            {
                var (x, y) = Geometry.Projection.Project(latitude, longitude);
                yield return (ticket, x, y);
            }
            else if (ticket.Location.GridId is { } gridId && Geometry.Find(AreaKeys.Grid(gridId)) is { } grid)
            {
                yield return (ticket, grid.LabelX, grid.LabelY);
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
