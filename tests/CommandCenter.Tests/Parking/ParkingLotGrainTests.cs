using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.Parking;
using CommandCenter.Protocol;
using CommandCenter.TelemetryIngest.Pipeline;
using CommandCenter.Tests.Grains;
using Shouldly;

namespace CommandCenter.Tests.Parking;

/// <summary>Lots of the demo city in the shared cluster; each test uses its own lot, since lot state is durable.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ParkingLotGrainTests(ClusterFixture fixture)
{
    private static readonly IReadOnlyList<ParkingLotInfo> Lots = ClusterFixture.DemoCity.Topology.Lots;

    private MessageRouter Router => new(fixture.Client, fixture.City, ClusterFixture.DemoCity);

    [Fact]
    public async Task RouteAsync_BerthReports_ReachTheirLotWhichReportsToItsGrid()
    {
        var lot = Lots[0];
        var now = fixture.Time.GetUtcNow();

        foreach (var berth in lot.BerthSensorIds.Take(3))
        {
            (await Router.RouteAsync(new BerthStateReport(1, berth, 1, now, Occupied: true, 3_600, -80))).ShouldBeTrue();
        }

        var snapshot = await fixture.Client.GetGrain<IParkingLotGrain>(lot.Id).GetSnapshotAsync();
        snapshot.ShouldSatisfyAllConditions(
            s => s.Name.ShouldBe(lot.Name),
            s => s.Capacity.ShouldBe(lot.Capacity),
            s => s.SensedBerths.ShouldBe(lot.BerthSensorIds.Count),
            s => s.SensedOccupied.ShouldBe(3),
            s => s.Occupied.ShouldBe(3),
            s => s.Free.ShouldBe(lot.Capacity - 3),
            s => s.NightFreeBerths.ShouldBe(lot.NightFreeBerthSensorIds.Count));
        var grid = await fixture.Client.GetGrain<IAreaGrain>(AreaKeys.Grid(lot.GridId)).GetContributionsAsync();
        grid[lot.Id].SameAs(ParkingLot.Contribution(snapshot)).ShouldBeTrue();
    }

    [Fact]
    public async Task RouteAsync_GateReport_ReachesTheLotNamedByTheDevice()
    {
        var lot = Lots[1];
        var now = fixture.Time.GetUtcNow();

        (await Router.RouteAsync(new LotGateReport(1, lot.Id, 1, now, EntriesTotal: 5_000, ExitsTotal: 4_996))).ShouldBeTrue();
        (await Router.RouteAsync(new LotGateReport(1, lot.Id, 2, now.AddSeconds(-1), EntriesTotal: 4_000, ExitsTotal: 4_000))).ShouldBeFalse();

        var snapshot = await fixture.Client.GetGrain<IParkingLotGrain>(lot.Id).GetSnapshotAsync();
        snapshot.GateVehicles.ShouldBe(4);
        snapshot.Occupied.ShouldBe(4);
    }

    [Fact]
    public async Task RouteAsync_UnknownBerth_IsKeptAsHistoryOnly()
    {
        (await Router.RouteAsync(new BerthStateReport(1, "BS-99999", 1, fixture.Time.GetUtcNow(), true, 3_600, -80))).ShouldBeTrue();
    }

    [Fact]
    public async Task ApplyBerthAsync_OlderThanTheBerthsLastReport_IsRefused()
    {
        var lot = Lots[2];
        var berth = lot.BerthSensorIds[0];
        var grain = fixture.Client.GetGrain<IParkingLotGrain>(lot.Id);
        var now = fixture.Time.GetUtcNow();
        await grain.ApplyBerthAsync(new BerthStateReport(1, berth, 7, now, Occupied: true, 3_600, -80));

        (await grain.ApplyBerthAsync(new BerthStateReport(1, berth, 6, now.AddMinutes(-1), Occupied: false, 3_600, -80))).ShouldBeFalse();

        (await grain.GetSnapshotAsync()).SensedOccupied.ShouldBe(1);
    }
}
