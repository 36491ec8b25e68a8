using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;

namespace CommandCenter.UiTests;

public sealed class ComplianceTests : WallContext
{
    [Theory]
    [InlineData(0, 100, ComplianceGrade.Good)]
    [InlineData(5, 100, ComplianceGrade.Good)]
    [InlineData(6, 100, ComplianceGrade.Fair)]
    [InlineData(15, 100, ComplianceGrade.Fair)]
    [InlineData(16, 100, ComplianceGrade.Poor)]
    [InlineData(0, 0, ComplianceGrade.NoData)]
    public void Grade_ShareNotOverdue_GreenFrom95AmberFrom85(long overdue, long total, ComplianceGrade expected) =>
        new ComplianceRate(overdue, 0, total).Grade.ShouldBe(expected);

    [Fact]
    public void Percent_OneOverdueAmongMany_NeverRoundsUpTo100()
    {
        new ComplianceRate(1, 0, 2000).Percent.ShouldBe("99.9%");
        new ComplianceRate(0, 0, 0).Percent.ShouldBe("—");
    }

    [Fact]
    public void CompliancePanel_DistrictWithOverdueMaintenance_ColoursItsCells()
    {
        var district = WallData.City.Topology.Districts[0];
        var elevators = WallData.City.Topology.Elevators.Count(e => WallData.City.FindElevator(e.Id)!.Place.District.Id == district.Id);
        var stats = AreaStats.Of((AreaMetrics.MaintenanceOverdue, elevators));
        State.Apply(WallData.Snapshot(WallData.Start, areas: new Dictionary<string, AreaStats> { [AreaKeys.District(district.Id)] = stats }));

        var panel = RenderOnWall<CompliancePanel>();

        var cells = panel.FindAll($"tr[data-area='{AreaKeys.District(district.Id)}'] td");
        cells.Select(c => c.GetAttribute("data-grade")).ShouldBe(["Good", "Good", "Good", "Poor"]);
        cells[3].TextContent.ShouldBe("0%");
        panel.FindAll("tbody tr").Count.ShouldBe(WallData.City.Topology.Districts.Count + 1);
        panel.Find($"tr[data-area='{AreaKeys.City}'] th").TextContent.ShouldBe("全市");
    }
}
