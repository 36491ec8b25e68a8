using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Protocol;
using Shouldly;
using CommandCenter.Simulators.City;

namespace CommandCenter.Tests.City;

public sealed class CityDirectoryTests
{
    private static readonly CityTopology Topology = CommandCenter.Tests.Geography.FullYinchuan.City.Topology;
    private static readonly CityDirectory Directory = new(Topology);

    [Fact]
    public void FindElevator_KnownId_GivesItsWholeChainFirmAndUnit()
    {
        var elevator = Topology.Elevators[^1];

        var place = Directory.FindElevator(elevator.Id);

        place.ShouldNotBeNull();
        place.Place.Grid.Id.ShouldBe(elevator.GridId);
        place.Place.Community.Grids.ShouldContain(place.Place.Grid);
        place.Place.Street.Communities.ShouldContain(place.Place.Community);
        place.Place.District.Streets.ShouldContain(place.Place.Street);
        place.Firm.Id.ShouldBe(elevator.MaintenanceFirmId);
        place.Unit.Id.ShouldBe(elevator.UserUnitId);
        place.Urban.ShouldBe(place.Place.District.Urban);
        Directory.FindElevator("EL-99999").ShouldBeNull();
    }

    [Fact]
    public void FindDepartment_ByItsId_GivesTheDepartmentAndNothingForOtherIds()
    {
        Directory.Departments.ShouldBe(Topology.Departments);
        Directory.FindDepartment("zj").ShouldBe(new Department("zj", "住房和城乡建设局"));
        Directory.FindDepartment("住建").ShouldBeNull();
        CityDirectory.Empty.Departments.ShouldBeEmpty();
    }

    [Fact]
    public void FindLotOfBerth_EachSensor_GivesTheLotItBelongsTo()
    {
        var lot = Topology.Lots[123];

        lot.BerthSensorIds.ShouldAllBe(b => Directory.FindLotOfBerth(b) == lot);
        Directory.FindLot(lot.Id).ShouldBe(lot);
        Directory.FindLotOfBerth("BS-99999").ShouldBeNull();
    }

    [Fact]
    public void ParentOfAndChildrenOf_WalkTheTreeBothWays()
    {
        var grid = Topology.Elevators[0].GridId;
        var path = new List<string>();
        for (var key = AreaKeys.Grid(grid); key is not null; key = Directory.ParentOf(key))
        {
            path.Add(key);
        }

        // Official codes nest: a grid 640104001002-01 is in community 640104001002, street 640104001, district 640104.
        path.ShouldBe([AreaKeys.Grid(grid), AreaKeys.Community(grid[..12]), AreaKeys.Street(grid[..9]), AreaKeys.District(grid[..6]), AreaKeys.City]);
        path.Zip(path.Skip(1)).ShouldAllBe(pair => Directory.ChildrenOf(pair.Second).Contains(pair.First));
        Directory.ChildrenOf(AreaKeys.City).Count.ShouldBe(6);
        Directory.FindArea(AreaKeys.City)!.Name.ShouldBe("银川市");
        Directory.ParentOf("grid/nowhere").ShouldBeNull();
        Directory.Areas.Count().ShouldBe(1 + 6 + 62 + 602 + 4121);
    }

    [Fact]
    public void FirmsByProximity_SameDistrictFirstThenNearest_WithoutTheExcludedFirm()
    {
        var elevator = Topology.Elevators[4321];
        var place = Directory.FindElevator(elevator.Id)!;
        var district = place.Place.District.Id;

        var ranked = Directory.FirmsByProximity(elevator.Id, elevator.MaintenanceFirmId);

        ranked.Count.ShouldBe(Topology.Firms.Count - 1);
        ranked.ShouldNotContain(f => f.Id == elevator.MaintenanceFirmId);
        var serving = ranked.TakeWhile(f => f.DistrictIds.Contains(district)).ToList();
        serving.Count.ShouldBe(Directory.FirmsServing(district).Count - 1);
        ranked.Skip(serving.Count).ShouldAllBe(f => !f.DistrictIds.Contains(district));
        // Real distance, by the spherical law of cosines here rather than the directory's haversine: nearer firms first.
        var distances = serving.Select(f => SphericalMetres(elevator.Latitude, elevator.Longitude, f.Latitude, f.Longitude)).ToList();
        distances.Zip(distances.Skip(1)).ShouldAllBe(pair => pair.First <= pair.Second + 0.01);
    }

    [Fact]
    public void AsFirmDirectory_GivesAlarmContextAndRankedFirmIds()
    {
        IElevatorPlaces firms = Directory;
        var elevator = Topology.Elevators[100];
        var place = Directory.FindElevator(elevator.Id)!;

        firms.ContextOf(elevator.Id).ShouldBe(new AlarmContext(elevator.GridId, place.Place.District.Id, place.Urban, elevator.MaintenanceFirmId));
        firms.FirmsByProximity(elevator.Id, new HashSet<string> { elevator.MaintenanceFirmId })
            .ShouldBe(Directory.FirmsByProximity(elevator.Id, elevator.MaintenanceFirmId).Select(f => f.Id));
        firms.GridOfUnit(elevator.UserUnitId).ShouldBe(Topology.Elevators.First(e => e.UserUnitId == elevator.UserUnitId).GridId);
        firms.ContextOf("EL-99999").ShouldBeNull();
    }

    [Fact]
    public void Empty_KnowsOnlyTheCity()
    {
        CityDirectory.Empty.IsEmpty.ShouldBeTrue();
        CityDirectory.Empty.FindArea(AreaKeys.City).ShouldNotBeNull();
        CityDirectory.Empty.ChildrenOf(AreaKeys.City).ShouldBeEmpty();
        CityDirectory.Empty.FindLotOfBerth("BS-00001").ShouldBeNull();
        CityDirectory.Empty.Summary.Elevators.ShouldBe(0);
    }

    private static double SphericalMetres(double latitude1, double longitude1, double latitude2, double longitude2)
    {
        var (φ1, φ2, Δλ) = (latitude1 * Math.PI / 180, latitude2 * Math.PI / 180, (longitude2 - longitude1) * Math.PI / 180);
        return 6_371_008.8 * Math.Acos(Math.Clamp(Math.Sin(φ1) * Math.Sin(φ2) + Math.Cos(φ1) * Math.Cos(φ2) * Math.Cos(Δλ), -1, 1));
    }
}
