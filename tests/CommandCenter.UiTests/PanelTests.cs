using CommandCenter.Grains.Abstractions;
using CommandCenter.Live;

namespace CommandCenter.UiTests;

public sealed class PanelTests : WallContext
{
    [Fact]
    public void TicketTicker_OverdueOrders_HighestSupervisionFirstWithHowLate()
    {
        var district = WallData.City.Topology.Districts[0];
        TicketSummary Ticket(string id, SupervisionLevel level, int minutesLate) => new()
        {
            Id = id,
            Category = "exposed-garbage",
            Status = TicketStatus.Dispatched,
            Level = level,
            DeadlineAt = WallData.Start.AddMinutes(-minutesLate),
            Responsible = new TicketArea(TicketAreaLevel.District, district.Id),
        };
        State.Apply(WallData.Snapshot(WallData.Start) with
        {
            OverdueTickets = new TicketPage(7, [Ticket("WO-1", SupervisionLevel.Yellow, 20), Ticket("WO-2", SupervisionLevel.Urgent, 200), Ticket("WO-3", SupervisionLevel.Red, 90)]),
        });

        var ticker = RenderOnWall<TicketTicker>();

        ticker.Find("[data-testid='overdue-count']").TextContent.ShouldBe("7");
        var first = ticker.FindAll("[data-ticket]").Take(3).ToList();
        first.Select(t => t.GetAttribute("data-ticket")).ShouldBe(["WO-2", "WO-3", "WO-1"]);
        first[0].QuerySelector(".level")!.TextContent.ShouldBe("紧急督办");
        first[0].QuerySelector(".where")!.TextContent.ShouldBe(district.Name);
        first[0].QuerySelector(".late")!.TextContent.ShouldBe("超期 3小时20分");
    }

    [Theory]
    [InlineData("zh-CN", "暴露垃圾", "超期 1小时30分")]
    [InlineData("en", "Exposed garbage", "overdue 1h 30m")]
    public void TicketTicker_Language_NamesTheCategoryAndLatenessInIt(string language, string category, string late)
    {
        State.Apply(WallData.Snapshot(WallData.Start) with
        {
            OverdueTickets = new TicketPage(1, [new() { Id = "WO-1", Category = "exposed-garbage", Status = TicketStatus.Dispatched, Level = SupervisionLevel.Red, DeadlineAt = WallData.Start.AddMinutes(-90) }]),
        });

        var ticket = RenderOnWall<TicketTicker>(language: System.Globalization.CultureInfo.GetCultureInfo(language)).Find("[data-ticket='WO-1']");

        ticket.Children[2].TextContent.ShouldBe(category);
        ticket.QuerySelector(".late")!.TextContent.ShouldBe(late);
    }

    [Fact]
    public void TicketTicker_NothingOverdue_SaysSo() =>
        RenderOnWall<TicketTicker>().Find(".empty").TextContent.ShouldBe("当前无超期工单");

    [Fact]
    public void ParkingPanel_Lots_FullestFirstAndFullOnesMarked()
    {
        ParkingLotSnapshot Lot(string id, int occupied, int capacity) =>
            new(id, id, null, capacity, capacity, occupied, null, occupied, capacity - occupied, 4, 2, true, [], WallData.Start);
        State.Apply(WallData.Snapshot(WallData.Start) with { Lots = [Lot("LOT-A", 10, 40), Lot("LOT-B", 38, 40), Lot("LOT-C", 20, 40)] });

        var parking = RenderOnWall<ParkingPanel>(p => p.Add(x => x.MaxLots, 2));

        parking.FindAll("[data-lot]").Select(l => l.GetAttribute("data-lot")).ShouldBe(["LOT-B", "LOT-C"]);
        parking.Find("[data-lot='LOT-B']").ClassList.ShouldContain("full");
        parking.Find("[data-testid='parking-occupancy'] .big").TextContent.ShouldBe("57%");
        parking.Find("[data-testid='night-free'] .big").TextContent.ShouldBe("6");
    }

    [Fact]
    public void KpiStrip_TrappedPassengerPastTheLimit_CountsItAsAMiss()
    {
        State.ApplyElevators([WallData.Elevator("EL-0001", 3, WallData.Start), WallData.Elevator("EL-0002", 3, WallData.Start, online: false)]);
        State.Apply(LiveChange.Of(WallData.Trapped("A1", WallData.Start)));
        var kpis = RenderOnWall<KpiStrip>();

        Advance(TimeSpan.FromMinutes(31));

        // Every elevator of the city file counts, reported or not.
        kpis.Find("[data-kpi='online'] [data-testid='kpi-value']").TextContent.ShouldBe($"1/{WallData.City.Summary.Elevators}");
        kpis.Find("[data-kpi='alarms'] .kpi-note").TextContent.ShouldBe("困人 1");
        kpis.Find("[data-kpi='sla'] [data-testid='kpi-value']").TextContent.ShouldBe("1");
        kpis.Find("[data-kpi='sla']").ClassList.ShouldContain("tone-bad");
    }
}
