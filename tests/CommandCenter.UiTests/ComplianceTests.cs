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
        var stats = AreaStats.Of((AreaMetrics.DutyElevators, elevators), (AreaMetrics.DutyUnits, 3), (AreaMetrics.MaintenanceOverdue, elevators));
        State.Apply(WallData.Snapshot(WallData.Start, areas: new Dictionary<string, AreaStats> { [AreaKeys.District(district.Id)] = stats }));

        var panel = RenderOnWall<CompliancePanel>();

        var cells = panel.FindAll($"tr[data-area='{AreaKeys.District(district.Id)}'] td");
        cells.Select(c => c.GetAttribute("data-grade")).ShouldBe(["Good", "Good", "Good", "Poor"]);
        cells[3].TextContent.ShouldBe("0%");
        panel.FindAll("tbody tr").Count.ShouldBe(WallData.City.Topology.Districts.Count + 1);
        panel.Find($"tr[data-area='{AreaKeys.City}'] th").TextContent.ShouldBe("全市");
    }

    [Fact]
    public void CompliancePanel_AreaWhoseDutiesAreNotYetCounted_ShowsNoDataRatherThanFullCompliance()
    {
        var district = AreaKeys.District(WallData.City.Topology.Districts[0].Id);
        State.Apply(WallData.Snapshot(WallData.Start, areas: new Dictionary<string, AreaStats> { [district] = AreaStats.Empty }));

        var panel = RenderOnWall<CompliancePanel>();

        panel.FindAll($"tr[data-area='{district}'] td").Select(c => c.TextContent).ShouldBe(["—", "—", "—", "—"]);
    }

    [Fact]
    public void ComplianceRow_CountsOfTheRollup_OweEveryDutyPerTrackedElevatorAndTheMinutesPerUnit()
    {
        var row = ComplianceRow.Of("city", "全市", AreaStats.Of(
            (AreaMetrics.DutyElevators, 24), (AreaMetrics.DutyUnits, 6), (AreaMetrics.DailyOverdue, 24), (AreaMetrics.MonthlyOverdue, 6),
            (AreaMetrics.QuarterlyDueSoon, 2), (AreaMetrics.YearlyOverdue, 1), (AreaMetrics.MaintenanceIncomplete, 3)));

        row.Daily.ShouldBe(new ComplianceRate(24, 0, 24));
        row.Daily.Percent.ShouldBe("0%");
        row.Monthly.ShouldBe(new ComplianceRate(6, 0, 6));
        row.QuarterlyMaintenance.ShouldBe(new ComplianceRate(0, 2, 24));
        row.YearlyMaintenance.Overdue.ShouldBe(1);
        row.IncompleteMaintenance.ShouldBe(3);
    }
}
