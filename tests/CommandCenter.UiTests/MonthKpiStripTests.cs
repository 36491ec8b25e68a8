using CommandCenter.Assessment;

namespace CommandCenter.UiTests;

/// <summary>The city wall's KPI strip shows the month's average arrival beside last month's, from the assessment.</summary>
public sealed class MonthKpiStripTests : WallContext
{
    [Fact]
    public void KpiStrip_OfTheCity_ShowsThisMonthsAverageArrivalBesideLastMonths()
    {
        static KpiFigures Arrival(double? minutes) => new(null, new AlarmFigures(4, 3, minutes, 3, 8, 1, 1, 0.25));
        State.Apply(WallData.Snapshot(WallData.Start) with { Month = new MonthComparison("2026-12", "2026-11", Arrival(12.34), Arrival(null)) });

        var kpis = RenderOnWall<KpiStrip>();

        kpis.Find("[data-kpi='sla'] .kpi-note").TextContent.ShouldBe("本月平均到场 12.3 分钟 · 上月 —");
    }
}
