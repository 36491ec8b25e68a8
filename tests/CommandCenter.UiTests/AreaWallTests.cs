using System.Collections.Immutable;
using CommandCenter.Auth;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Live;
using CommandCenter.Protocol;

namespace CommandCenter.UiTests;

/// <summary>
/// The wall of one street (a street's wall account, or an operator of it): only the street's elevators,
/// alarms, lots and overdue work orders, and its own figures where the city's wall shows the city's.
/// </summary>
public sealed class AreaWallTests() : WallContext(WallScope.Of(new UserScope(ScopeKind.Street, Street.Street.Id), WallData.City))
{
    private static readonly GridPlace Street = WallData.City.FindElevator("EL-0001")!.Place;

    private static readonly string Inside = "EL-0001";

    private static readonly string Outside = WallData.City.Topology.Elevators
        .First(e => WallData.City.FindElevator(e.Id)!.Place.District.Id != Street.District.Id).Id;

    private static readonly string StreetKey = AreaKeys.Street(Street.Street.Id);

    [Fact]
    public void State_OfAStreet_KeepsItsElevatorsAlarmsLotsAndWorkOrdersAndNothingElse()
    {
        var lotInside = WallData.City.Topology.Lots.FirstOrDefault(l => State.Scope.CoversGrid(l.GridId));
        var lotOutside = WallData.City.Topology.Lots.First(l => !State.Scope.CoversGrid(l.GridId));
        var areas = ImmutableDictionary<string, AreaStats>.Empty
            .Add(StreetKey, AreaStats.Of((AreaMetrics.TicketsOverdueYellow, 2), (AreaMetrics.TicketsOverdueRed, 1)));

        State.ApplyElevators([WallData.Elevator(Inside, 3, WallData.Start), WallData.Elevator(Outside, 4, WallData.Start)]);
        State.Apply(WallData.Snapshot(WallData.Start, [Alarm("IN", Inside), Alarm("OUT", Outside)], areas) with
        {
            OverdueTickets = new TicketPage(40, [Ticket("T-IN", Street.Grid.Id), Ticket("T-OUT", WallData.City.FindElevator(Outside)!.Place.Grid.Id)]),
            Lots = [.. new[] { lotInside, lotOutside }.OfType<ParkingLotInfo>().Select(Lot)],
        });
        State.Apply(LiveChange.Of(Alarm("LIVE-OUT", Outside)));

        State.Elevators.Keys.ShouldBe([Inside]);
        State.OpenAlarms.Select(a => a.Id).ShouldBe(["IN"]);
        State.OverdueTickets.Items.Select(t => t.Id).ShouldBe(["T-IN"]);
        State.OverdueTickets.Total.ShouldBe(3, "the street's overdue count from its rollup, not the city's 40");
        State.Lots.Select(l => l.Id).ShouldBe(lotInside is null ? [] : [lotInside.Id]);
    }

    [Fact]
    public void PendingCritical_OfAStreet_IsSilencedByItsOwnOrAnEnclosingAreasAcknowledgementNotByOneInside()
    {
        AlarmSnapshot AcknowledgedBy(string id, string areaKey) =>
            WallData.Trapped(id, WallData.Start) with { WallAcknowledgements = [new AlarmWallAcknowledgement(areaKey, "wall", null, WallData.Start)] };

        State.Apply(LiveChange.Of(AcknowledgedBy("BY-CITY", AreaKeys.City)));
        State.Apply(LiveChange.Of(AcknowledgedBy("BY-DISTRICT", AreaKeys.District(Street.District.Id))));
        State.Apply(LiveChange.Of(AcknowledgedBy("BY-STREET", StreetKey)));
        State.Apply(LiveChange.Of(AcknowledgedBy("BY-GRID", AreaKeys.Grid(Street.Grid.Id))));

        State.PendingCritical.Select(a => a.Id).ShouldBe(["BY-GRID"]);
    }

    [Fact]
    public void KpiStrip_OfAStreet_CountsTheStreetsOverdueWorkOrdersAndMaintenanceAndLeavesOutTheCitysAverageArrival()
    {
        var elevators = WallData.City.Topology.Elevators.Count(e => WallData.City.FindGrid(e.GridId)!.Street.Id == Street.Street.Id);
        State.Apply(WallData.Snapshot(WallData.Start, areas: ImmutableDictionary<string, AreaStats>.Empty
            .Add(AreaKeys.City, AreaStats.Of((AreaMetrics.TicketsOverdueRed, 9), (AreaMetrics.DutyElevators, 24), (AreaMetrics.MaintenanceOverdue, 9)))
            .Add(StreetKey, AreaStats.Of((AreaMetrics.TicketsOverdueRed, 1), (AreaMetrics.DutyElevators, elevators), (AreaMetrics.MaintenanceOverdue, 1)))));

        var kpis = RenderOnWall<KpiStrip>();

        kpis.Find("[data-kpi='tickets'] [data-testid='kpi-value']").TextContent.ShouldBe("1");
        // All of the street's elevators but the one overdue, as the wall shows shares: floored to a tenth of a percent.
        kpis.Find("[data-kpi='maintenance'] [data-testid='kpi-value']").TextContent
            .ShouldBe(string.Create(LocalizationExtensions.Chinese, $"{Math.Floor(1000.0 * (elevators - 1) / elevators) / 10:0.#}%"));
        kpis.Find("[data-kpi='sla'] .kpi-note").TextContent.ShouldBeEmpty();
    }

    [Fact]
    public void CompliancePanel_OfAStreet_HasARowPerCommunityThenTheStreet()
    {
        var panel = RenderOnWall<CompliancePanel>();

        panel.FindAll("tbody tr").Select(row => row.GetAttribute("data-area"))
            .ShouldBe([.. Street.Street.Communities.Select(c => AreaKeys.Community(c.Id)), StreetKey]);
        panel.Find("tr.total th").TextContent.ShouldBe(Street.Street.Name);
        panel.Find("thead th").TextContent.ShouldBe("区域");
    }

    [Fact]
    public void CityMap_OfAStreet_OpensOnTheStreetWithItsCommunitiesAndCannotLeaveIt()
    {
        var map = RenderOnWall<CityMap>();

        map.Find("[data-testid='city-map']").GetAttribute("data-level").ShouldBe("street");
        map.FindAll("g[data-area]").Select(g => g.GetAttribute("data-area")).Order()
            .ShouldBe(Street.Street.Communities.Select(c => AreaKeys.Community(c.Id)).Order());
        map.Find("[data-testid='map-city']").TextContent.ShouldBe(Street.Street.Name);

        map.InvokeAsync(() => map.Instance.ShowAreaAsync(AreaKeys.District(Street.District.Id)));
        map.Render();

        map.Find("[data-testid='city-map']").GetAttribute("data-level").ShouldBe("street");
    }

    private static AlarmSnapshot Alarm(string id, string elevatorId)
    {
        var place = WallData.City.FindElevator(elevatorId)!.Place;
        return WallData.Trapped(id, WallData.Start) with { ElevatorId = elevatorId, GridId = place.Grid.Id, DistrictId = place.District.Id };
    }

    private static TicketSummary Ticket(string id, string gridId) =>
        new() { Id = id, Location = new TicketLocation(gridId), Status = TicketStatus.Dispatched, Level = SupervisionLevel.Yellow, ReportedAt = WallData.Start };

    private static ParkingLotSnapshot Lot(ParkingLotInfo lot) =>
        new(lot.Id, lot.Name, lot.GridId, lot.Capacity, 0, 0, null, 0, lot.Capacity, 0, 0, false, [], WallData.Start);
}
