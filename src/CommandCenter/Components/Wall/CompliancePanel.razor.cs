using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Wall;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Wall;

/// <summary>
/// Daily control, weekly investigation, monthly scheduling and maintenance by district and the city
/// total, or on an area's screen by the areas under it and the area's total: the share not overdue, green from 95 %, amber from 85 %, red below.
/// </summary>
public sealed partial class CompliancePanel : WallComponentBase
{
    private IReadOnlyList<(string Key, string? Name, int Elevators, int Units)> _areas = [];

    [Inject]
    private CityDirectory City { get; set; } = default!;

    protected override WallTopics Topics => WallTopics.Areas;

    protected override void OnInitialized()
    {
        base.OnInitialized();

        // Who owes each duty comes from the city file: daily, weekly and maintenance per elevator, monthly per user unit.
        // One row per area under the screen's area (districts of the city, streets of a district, …), then the area itself.
        var scope = State.Scope;
        var placed = City.Topology.Elevators
            .Where(e => scope.CoversElevator(e.Id))
            .Select(e => (Elevator: e, Areas: AreaKeysOf(City.FindElevator(e.Id)!.Place)))
            .ToList();
        _areas =
        [
            .. City.ChildrenOf(scope.AreaKey).Select(City.FindArea).OfType<AreaInfo>().Select(child => (
                child.Key,
                (string?)child.Name,
                placed.Count(p => p.Areas.Contains(child.Key)),
                placed.Where(p => p.Areas.Contains(child.Key)).Select(p => p.Elevator.UserUnitId).Distinct().Count())),
            (scope.AreaKey, scope.Name, placed.Count, placed.Select(p => p.Elevator.UserUnitId).Distinct().Count()),
        ];
    }

    /// <summary>One row per child area, then the screen's area (the city: 全市).</summary>
    public IEnumerable<ComplianceRow> Rows() =>
        _areas.Select(area => ComplianceRow.Of(area.Key, area.Name ?? Text["WholeCity"], State.AreaOf(area.Key), area.Elevators, area.Units));

    private static string[] AreaKeysOf(GridPlace place) =>
        [AreaKeys.District(place.District.Id), AreaKeys.Street(place.Street.Id), AreaKeys.Community(place.Community.Id), AreaKeys.Grid(place.Grid.Id)];
}
