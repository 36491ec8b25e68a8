using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Wall;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Wall;

/// <summary>
/// Daily control, weekly investigation, monthly scheduling and maintenance by district, and the city
/// total: the share not overdue, green from 95 %, amber from 85 %, red below.
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
        var placed = City.Topology.Elevators.Select(e => (Elevator: e, District: City.FindElevator(e.Id)!.Place.District.Id)).ToList();
        _areas =
        [
            .. City.Topology.Districts.Select(d => (
                AreaKeys.District(d.Id),
                (string?)d.Name,
                placed.Count(p => p.District == d.Id),
                placed.Where(p => p.District == d.Id).Select(p => p.Elevator.UserUnitId).Distinct().Count())),
            (AreaKeys.City, null, City.Summary.Elevators, City.Topology.Elevators.Select(e => e.UserUnitId).Distinct().Count()),
        ];
    }

    /// <summary>One row per district, then the city.</summary>
    public IEnumerable<ComplianceRow> Rows() =>
        _areas.Select(area => ComplianceRow.Of(area.Key, area.Name ?? Text.WholeCity, State.AreaOf(area.Key), area.Elevators, area.Units));
}
