using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Live;

namespace CommandCenter.UiTests;

public sealed class CityMapTests : WallContext
{
    [Fact]
    public void AreaGrade_Counters_WorstStateWins()
    {
        AreaGrade.Of(AreaStats.Empty).ShouldBe(AreaState.Normal);
        AreaGrade.Of(AreaStats.Of((AreaMetrics.DailyOverdue, 1))).ShouldBe(AreaState.Notice);
        AreaGrade.Of(AreaStats.Of((AreaMetrics.DailyOverdue, 1), (AreaMetrics.TicketsOverdueRed, 1))).ShouldBe(AreaState.Warning);
        AreaGrade.Of(AreaStats.Of((AreaMetrics.AlarmsSlaBreached, 1), (AreaMetrics.ElevatorsOffline, 3))).ShouldBe(AreaState.Critical);
    }

    [Fact]
    public void CityMap_OpenAlarm_ColoursItsGridAndDistrictAtOnce()
    {
        var place = WallData.City.FindElevator("EL-0001")!.Place;
        var map = RenderOnWall<CityMap>();

        State.Apply(LiveChange.Of(WallData.Trapped("A1", WallData.Start)));

        map.Find($"circle[data-grid='{place.Grid.Id}']").GetAttribute("data-state").ShouldBe(nameof(AreaState.Critical));
        map.Find($"g[data-district='{place.District.Id}']").GetAttribute("data-state").ShouldBe(nameof(AreaState.Critical));
        map.FindAll("circle[data-state='Normal']").Count.ShouldBe(WallData.City.Summary.Grids - 1);
    }

    [Fact]
    public void CityMap_DistrictThenGrid_DrillsDownToTheGridsElevators()
    {
        var place = WallData.City.FindElevator("EL-0001")!.Place;
        State.ApplyElevators([WallData.Elevator("EL-0001", 8, WallData.Start)]);
        var map = RenderOnWall<CityMap>();
        map.FindAll("circle[data-grid]").Count.ShouldBe(WallData.City.Summary.Grids);

        map.Find($"g[data-district='{place.District.Id}']").Click();

        map.Find("[data-testid='city-map']").GetAttribute("data-level").ShouldBe("district");
        map.FindAll("circle[data-grid]").Count.ShouldBe(place.District.Streets.SelectMany(s => s.Communities).Sum(c => c.Grids.Count));

        map.Find($"circle[data-grid='{place.Grid.Id}']").Click();

        var detail = map.Find("[data-testid='grid-detail']");
        detail.GetAttribute("data-grid").ShouldBe(place.Grid.Id);
        var elevators = WallData.City.Topology.Elevators.Where(e => e.GridId == place.Grid.Id).Select(e => e.Id).ToList();
        map.FindAll("[data-testid='grid-detail'] [data-elevator]").Select(e => e.GetAttribute("data-elevator")).ShouldBe(elevators);
        map.Find("[data-testid='grid-detail'] [data-elevator='EL-0001'] [data-testid='floor']").TextContent.ShouldBe("8");

        map.Find("[data-testid='map-city']").Click();
        map.Find("[data-testid='city-map']").GetAttribute("data-level").ShouldBe("city");
    }

    [Fact]
    public void CityShapes_DemoCity_OutlinesEveryDistrictAroundAllItsGrids()
    {
        var shapes = CityShapes.Of(WallData.City.Topology);

        shapes.Count.ShouldBe(WallData.City.Topology.Districts.Count);
        foreach (var shape in shapes)
        {
            shape.Grids.ShouldAllBe(g => g.X > shape.Box.X && g.X < shape.Box.X + shape.Box.Width && g.Y > shape.Box.Y && g.Y < shape.Box.Y + shape.Box.Height);
            shape.Outline.Split(' ').Length.ShouldBeGreaterThanOrEqualTo(4);
        }
    }

    [Fact]
    public void Around_PointsCloserThanTheMinimum_CentresTheBoxOnThem()
    {
        var box = MapBox.Around([(600, 400), (620, 440)], 50);

        box.ShouldBe(new MapBox(510, 320, 200, 200));
    }

    [Fact]
    public void Hull_SquareWithInnerPoint_KeepsOnlyTheCorners() =>
        CityShapes.Hull([(0, 0), (10, 0), (10, 10), (0, 10), (5, 5)]).Count.ShouldBe(4);

    [Fact]
    public void ElevatorTiles_Choose_OutOfServiceFirstThenMostRecentInIdOrder()
    {
        var elevators = new[]
        {
            WallData.Elevator("EL-0003", 1, WallData.Start.AddSeconds(3)),
            WallData.Elevator("EL-0001", 1, WallData.Start.AddSeconds(1)),
            WallData.Elevator("EL-0009", 1, WallData.Start, mode: Protocol.ServiceMode.Inspection),
            WallData.Elevator("EL-0008", 1, WallData.Start.AddSeconds(9), online: false),
            WallData.Elevator("EL-0002", 1, WallData.Start.AddSeconds(2)),
        };

        ElevatorTiles.Choose(elevators, 3).ShouldBe(["EL-0003", "EL-0008", "EL-0009"]);
    }
}
