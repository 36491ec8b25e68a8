using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Protocol;
using Shouldly;
using CommandCenter.Simulators.City;

namespace CommandCenter.Tests.City;

public sealed class CityDirectoryTests
{
    private static readonly CityTopology Topology = CityGenerator.Generate(CityGeneratorOptions.Yinchuan with { Seed = 7 });
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

        path.ShouldBe([AreaKeys.Grid(grid), AreaKeys.Community(grid[..11]), AreaKeys.Street(grid[..7]), AreaKeys.District(grid[..3]), AreaKeys.City]);
        path.Zip(path.Skip(1)).ShouldAllBe(pair => Directory.ChildrenOf(pair.Second).Contains(pair.First));
        Directory.ChildrenOf(AreaKeys.City).Count.ShouldBe(6);
        Directory.FindArea(AreaKeys.City)!.Name.ShouldBe("银川市");
        Directory.ParentOf("grid/nowhere").ShouldBeNull();
        Directory.Areas.Count().ShouldBe(1 + 6 + 60 + 500 + 4121);
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
        // Real distance, measured here on a local flat projection (metres east and north), not with the directory's haversine.
        var cosine = Math.Cos(elevator.Latitude * Math.PI / 180);
        var distances = serving.Select(f => Math.Round(Math.Sqrt(
            Math.Pow((f.Longitude - elevator.Longitude) * cosine * 111_320, 2) + Math.Pow((f.Latitude - elevator.Latitude) * 110_574, 2)))).ToList();
        distances.ShouldBe(distances.Order());
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
}
