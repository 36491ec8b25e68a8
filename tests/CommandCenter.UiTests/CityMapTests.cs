using System.Collections.Immutable;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Live;
using NetTopologySuite.Geometries;

namespace CommandCenter.UiTests;

public sealed class CityMapTests : WallContext
{
    private static GridPlace Place => WallData.City.FindElevator("EL-0001")!.Place;

    [Fact]
    public void AreaGrade_Counters_WorstStateWins()
    {
        AreaGrade.Of(AreaStats.Empty).ShouldBe(AreaState.Normal);
        AreaGrade.Of(AreaStats.Of((AreaMetrics.DailyOverdue, 1))).ShouldBe(AreaState.Notice);
        AreaGrade.Of(AreaStats.Of((AreaMetrics.DailyOverdue, 1), (AreaMetrics.TicketsOverdueRed, 1))).ShouldBe(AreaState.Warning);
        AreaGrade.Of(AreaStats.Of((AreaMetrics.AlarmsSlaBreached, 1), (AreaMetrics.ElevatorsOffline, 3))).ShouldBe(AreaState.Critical);
    }

    [Fact]
    public void MapProjection_AroundYinchuan_NorthUpAndADegreeOfLongitudeShrunkByTheLatitude()
    {
        // 1° of latitude by 1° of longitude at 38.5° N: the longitude side is cos(38.5°) ≈ 0.78 as long.
        var projection = new MapProjection(new Envelope(106, 107, 38, 39));

        projection.Project(39, 106).ShouldBe((0, 0));
        var (east, south) = projection.Project(38, 107);
        south.ShouldBe(MapProjection.Size, 1e-9);
        east.ShouldBe(MapProjection.Size * Math.Cos(38.5 * Math.PI / 180), 1e-9);
    }

    [Fact]
    public void CityMapGeometry_DemoCity_DrawsTheRealDistrictsAndEveryAreaBelowThem()
    {
        var map = WallData.Map;

        var city = map.Find(AreaKeys.City)!;
        city.ChildKeys.ShouldBe(WallData.City.Topology.Districts.Select(d => AreaKeys.District(d.Id)));
        foreach (var area in WallData.City.Areas.Where(a => a.Level != AreaLevel.City))
        {
            var drawn = map.Find(area.Key).ShouldNotBeNull(area.Key);
            drawn.Path.ShouldStartWith("M");
            drawn.Path.ShouldEndWith("Z");
            // The label sits inside the box the map zooms to, and every box inside the city's.
            drawn.LabelX.ShouldBeInRange(drawn.Box.X, drawn.Box.X + drawn.Box.Width);
            drawn.LabelY.ShouldBeInRange(drawn.Box.Y, drawn.Box.Y + drawn.Box.Height);
            drawn.Box.X.ShouldBeGreaterThanOrEqualTo(city.Box.X - 1e-6);
            (drawn.Box.X + drawn.Box.Width).ShouldBeLessThanOrEqualTo(city.Box.X + city.Box.Width + 1e-6);
        }

        // 兴庆区 and 金凤区 side by side: 兴庆区 lies east of 金凤区.
        map.Find(AreaKeys.District("640104"))!.LabelX.ShouldBeGreaterThan(map.Find(AreaKeys.District("640106"))!.LabelX);
    }

    [Fact]
    public void CityMapGeometry_DistrictOutline_SimplifiedButNotToNothing()
    {
        var district = WallData.City.Outlines.First(o => o.Kind == Geography.Areas.AreaKind.District);
        var vertices = WallData.Map.Find(AreaKeys.District(district.Id))!.Path.Count(c => c is 'M' or 'L');

        vertices.ShouldBeLessThan(district.Geometry.NumPoints);
        vertices.ShouldBeGreaterThan(20);
    }

    [Fact]
    public void CityMap_Drill_CityToDistrictToStreetToCommunityToGridAndBackByTheBreadcrumb()
    {
        var map = RenderOnWall<CityMap>();
        string Level() => map.Find("[data-testid='city-map']").GetAttribute("data-level")!;
        IEnumerable<string?> Shown() => map.FindAll("g[data-area]").Select(g => g.GetAttribute("data-area")).Order();
        IEnumerable<string?> Crumbs() => map.FindAll("[data-testid='map-crumbs'] [data-area]").Select(c => c.TextContent);

        Level().ShouldBe("city");
        Shown().ShouldBe(WallData.City.Topology.Districts.Select(d => AreaKeys.District(d.Id)).Order());
        map.FindAll("[data-testid='map-schematic']").ShouldBeEmpty("the district outlines are the real ones");
        Crumbs().ShouldBe(["全市"]);

        map.Find($"g[data-area='{AreaKeys.District(Place.District.Id)}']").Click();
        Level().ShouldBe("district");
        Shown().ShouldBe(Place.District.Streets.Select(s => AreaKeys.Street(s.Id)).Order());
        map.Find("[data-testid='map-schematic']").TextContent.ShouldBe("街道、社区、网格边界为系统生成的示意，非测绘数据");

        map.Find($"g[data-area='{AreaKeys.Street(Place.Street.Id)}']").Click();
        Level().ShouldBe("street");
        Shown().ShouldBe(Place.Street.Communities.Select(c => AreaKeys.Community(c.Id)).Order());

        map.Find($"g[data-area='{AreaKeys.Community(Place.Community.Id)}']").Click();
        Level().ShouldBe("community");
        Shown().ShouldBe(Place.Community.Grids.Select(g => AreaKeys.Grid(g.Id)).Order());
        Crumbs().ShouldBe(["全市", Place.District.Name, Place.Street.Name, Place.Community.Name]);
        map.Find("[data-testid='map-schematic']").ShouldNotBeNull();

        map.Find($"g[data-area='{AreaKeys.Grid(Place.Grid.Id)}']").Click();
        Level().ShouldBe("grid");
        map.Find("[data-testid='grid-detail']").GetAttribute("data-grid").ShouldBe(Place.Grid.Id);
        Crumbs().ShouldBe(["全市", Place.District.Name, Place.Street.Name, Place.Community.Name, Place.Grid.Name]);

        map.Find($"[data-testid='crumb'][data-area='{AreaKeys.District(Place.District.Id)}']").Click();
        Level().ShouldBe("district");
        map.FindAll("[data-testid='grid-detail']").ShouldBeEmpty();

        map.Find("[data-testid='map-city']").Click();
        Level().ShouldBe("city");
    }

    [Fact]
    public void CityMapGeometry_ImportedOutlines_AreNotCalledGenerated()
    {
        // The city imported its own street outlines of one district, not its communities' or grids'.
        var district = AreaKeys.District(Place.District.Id);
        var streets = WallData.City.ChildrenOf(district).ToHashSet();
        var surveyed = WallData.City.Outlines
            .Select(o => o.Kind == Geography.Areas.AreaKind.Street && streets.Contains(AreaKeys.Street(o.Id)) ? o with { Surveyed = true } : o)
            .ToList();

        var map = new CityMapGeometry(new CityDirectory(WallData.City.Topology, surveyed));

        map.Find(district)!.Generated.ShouldBeFalse("district outlines are the real ones");
        map.ChildrenOf(map.Find(district)!).ShouldAllBe(street => !street.Generated);
        map.ChildrenOf(map.Find(AreaKeys.Street(Place.Street.Id))!).ShouldAllBe(community => community.Generated);
        WallData.Map.ChildrenOf(WallData.Map.Find(district)!).ShouldAllBe(street => street.Generated, "without the import they are generated");
    }

    [Fact]
    public void CityMap_GridChosen_ShowsItsElevatorsBesideTheMap()
    {
        State.ApplyElevators([WallData.Elevator("EL-0001", 8, WallData.Start)]);
        var map = RenderOnWall<CityMap>();

        map.InvokeAsync(() => map.Instance.ShowAreaAsync(AreaKeys.Grid(Place.Grid.Id)));
        map.Render();

        var elevators = WallData.City.Topology.Elevators.Where(e => e.GridId == Place.Grid.Id).Select(e => e.Id).ToList();
        map.FindAll("[data-testid='grid-detail'] [data-elevator]").Select(e => e.GetAttribute("data-elevator")).ShouldBe(elevators);
        map.Find("[data-testid='grid-detail'] [data-elevator='EL-0001'] [data-testid='floor']").TextContent.ShouldBe("8");
    }

    [Fact]
    public void CityMap_OpenAlarm_ColoursEveryAreaAboveItAndStandsAtItsElevator()
    {
        var map = RenderOnWall<CityMap>();

        State.Apply(LiveChange.Of(WallData.Trapped("A1", WallData.Start)));

        map.Find($"g[data-area='{AreaKeys.District(Place.District.Id)}']").GetAttribute("data-state").ShouldBe(nameof(AreaState.Critical));
        map.FindAll("g[data-area][data-state='Normal']").Count.ShouldBe(WallData.City.Topology.Districts.Count - 1);
        var marker = map.Find("circle[data-alarm='A1']");
        var (x, y) = WallData.Map.Projection.Project(WallData.City.FindElevator("EL-0001")!.Elevator.Latitude, WallData.City.FindElevator("EL-0001")!.Elevator.Longitude);
        double.Parse(marker.GetAttribute("cx")!, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(x, 0.001);
        double.Parse(marker.GetAttribute("cy")!, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(y, 0.001);

        map.InvokeAsync(() => map.Instance.ShowAreaAsync(AreaKeys.Community(Place.Community.Id)));
        map.Render();

        map.Find($"g[data-area='{AreaKeys.Grid(Place.Grid.Id)}']").GetAttribute("data-state").ShouldBe(nameof(AreaState.Critical));
        map.Find("path[data-frame]").GetAttribute("data-state").ShouldBe(nameof(AreaState.Critical));
        map.FindAll("circle[data-alarm='A1']").Count.ShouldBe(1);
    }

    [Fact]
    public void CityMap_Community_ShowsItsLotsWithFreeAndNightFreeBerths()
    {
        var lot = WallData.City.Topology.Lots.First(l => l.NightFreeBerthSensorIds.Count > 0);
        var place = WallData.City.FindGrid(lot.GridId)!;
        State.Apply(WallData.Snapshot(WallData.Start) with
        {
            Lots = [new(lot.Id, lot.Name, lot.GridId, lot.Capacity, 0, 0, null, lot.Capacity - 7, 7, lot.NightFreeBerthSensorIds.Count, 2, true, [], WallData.Start)],
        });
        var map = RenderOnWall<CityMap>();
        map.FindAll("g[data-lot]").ShouldBeEmpty("the city's districts are not buried in lot markers");

        map.InvokeAsync(() => map.Instance.ShowAreaAsync(AreaKeys.Community(place.Community.Id)));
        map.Render();
        map.Render();

        map.Find($"g[data-lot='{lot.Id}'] .lot-label").TextContent.ShouldBe($"空闲 7 · 夜间免费 2/{lot.NightFreeBerthSensorIds.Count}");
    }

    [Fact]
    public void CityMap_Heat_ShadesEachDistrictByItsCasesAndAlarmsOfTheLastDayOrWeek()
    {
        var hot = AreaKeys.District(Place.District.Id);
        var other = WallData.City.Topology.Districts.Select(d => AreaKeys.District(d.Id)).First(k => k != hot);
        var otherGrid = WallData.City.Topology.Elevators.Select(e => WallData.City.FindElevator(e.Id)!.Place).First(p => p.District.Id != Place.District.Id).Grid.Id;
        // Open alarms: one of an hour ago counts for the day; one of 30 hours ago only for the week.
        State.Apply(WallData.Snapshot(WallData.Start, alarms: [WallData.Trapped("RECENT", WallData.Start.AddHours(-1)), WallData.Trapped("OLD", WallData.Start.AddHours(-30))]));
        Activity.Cases[HeatWindow.Day][hot] = 2;
        Activity.Cases[HeatWindow.Day][other] = 1;
        Activity.Cases[HeatWindow.Week][hot] = 9;
        Activity.Cases[HeatWindow.Week][other] = 4;
        Activity.ClosedAlarms[HeatWindow.Day][Place.Grid.Id] = 1;
        Activity.ClosedAlarms[HeatWindow.Week][Place.Grid.Id] = 3;
        Activity.ClosedAlarms[HeatWindow.Week][otherGrid] = 2;
        var map = RenderOnWall<CityMap>();
        map.FindAll("g[data-heat]").ShouldBeEmpty("the layer is off until asked for");
        map.FindAll("[data-testid='map-heat-week']").ShouldBeEmpty("the window is chosen once the layer is on");

        map.Find("[data-testid='map-heat']").Click();

        // The day: 2 cases, 1 closed alarm and the open alarm of an hour ago; the other district 1 case.
        map.Find("[data-testid='map-heat-day']").GetAttribute("aria-pressed").ShouldBe("true");
        map.Find($"g[data-area='{hot}']").GetAttribute("data-heat").ShouldBe("4");
        map.Find($"g[data-area='{hot}']").GetAttribute("style").ShouldBe("--heat: 1");
        map.Find($"g[data-area='{other}']").GetAttribute("data-heat").ShouldBe("1");
        map.Find($"g[data-area='{other}']").GetAttribute("style").ShouldBe("--heat: 0.25");
        map.Find($"g[data-area='{hot}'] .heat-count").TextContent.ShouldBe("4");

        map.Find("[data-testid='map-heat-week']").Click();

        // The week: 9 cases, 3 closed and 2 open alarms; the other district 4 cases and 2 closed alarms.
        map.Find($"g[data-area='{hot}']").GetAttribute("data-heat").ShouldBe("14");
        map.Find($"g[data-area='{other}']").GetAttribute("data-heat").ShouldBe("6");

        map.Find("[data-testid='map-heat']").Click();
        map.FindAll("g[data-heat]").ShouldBeEmpty();
    }

    [Fact]
    public void CityMap_OpenCases_StandWhereTheyWereReportedOrInTheirGrid()
    {
        var district = AreaKeys.District(Place.District.Id);
        var grid = WallData.Map.Find(AreaKeys.Grid(Place.Grid.Id))!;
        TicketSummary Case(string id, double? latitude, double? longitude) => new()
        {
            Id = id, Category = "exposed-garbage", Status = TicketStatus.Dispatched, Level = SupervisionLevel.Yellow,
            Location = new TicketLocation(Place.Grid.Id, Latitude: latitude, Longitude: longitude),
        };
        var elevator = WallData.City.FindElevator("EL-0001")!.Elevator;
        Activity.OpenCases.Add((AreaKeys.City, Case("WO-GPS", elevator.Latitude, elevator.Longitude)));
        Activity.OpenCases.Add((AreaKeys.City, Case("WO-GRID", null, null)));
        Activity.OpenCases.Add((district, Case("WO-GPS", elevator.Latitude, elevator.Longitude)));

        var map = RenderOnWall<CityMap>();

        var (x, y) = WallData.Map.Projection.Project(elevator.Latitude, elevator.Longitude);
        ShouldStandAt(map.Find("rect[data-ticket='WO-GPS']"), x, y);
        ShouldStandAt(map.Find("rect[data-ticket='WO-GRID']"), grid.LabelX, grid.LabelY);
        map.Find("rect[data-ticket='WO-GPS'] title").TextContent.ShouldBe("WO-GPS · 暴露垃圾");

        map.InvokeAsync(() => map.Instance.ShowAreaAsync(district));
        map.Render();

        map.FindAll("rect[data-ticket]").Select(r => r.GetAttribute("data-ticket")).ShouldBe(["WO-GPS"], "the district view asks for its own open cases");

        static void ShouldStandAt(AngleSharp.Dom.IElement marker, double x, double y)
        {
            double Read(string name) => double.Parse(marker.GetAttribute(name)!, System.Globalization.CultureInfo.InvariantCulture);
            (Read("x") + Read("width") / 2).ShouldBe(x, 0.01);
            (Read("y") + Read("height") / 2).ShouldBe(y, 0.01);
        }
    }

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
