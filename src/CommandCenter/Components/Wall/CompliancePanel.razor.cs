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
    private IReadOnlyList<(string Key, string? Name)> _areas = [];

    [Inject]
    private CityDirectory City { get; set; } = default!;

    protected override WallTopics Topics => WallTopics.Areas;

    protected override void OnInitialized()
    {
        base.OnInitialized();

        // One row per area under the screen's area (districts of the city, streets of a district, …), then the area itself;
        // who owes each duty comes with the area's rollup, from the city file.
        var scope = State.Scope;
        _areas =
        [
            .. City.ChildrenOf(scope.AreaKey).Select(City.FindArea).OfType<AreaInfo>().Select(child => (child.Key, (string?)child.Name)),
            (scope.AreaKey, scope.Name),
        ];
    }

    /// <summary>One row per child area, then the screen's area (the city: 全市).</summary>
    public IEnumerable<ComplianceRow> Rows() =>
        _areas.Select(area => ComplianceRow.Of(area.Key, area.Name ?? Text["WholeCity"], State.AreaOf(area.Key)));
}
