using System.Text.Json;
using CommandCenter.Protocol;
using Shouldly;
using CommandCenter.Simulators.City;
using CommandCenter.Tests.Geography;

namespace CommandCenter.Tests.City;

public sealed class CityGeneratorTests
{
    private static CityTopology Yinchuan => FullYinchuan.City.Topology;

    [Fact]
    public void Generate_Yinchuan_Has221PropertyFirmsInUrbanCompoundsOfTheirStreet()
    {
        var streetOfGrid = Yinchuan.Districts.SelectMany(d => d.Streets)
            .SelectMany(s => s.Communities.SelectMany(c => c.Grids).Select(g => (Grid: g.Id, Street: s.Id)))
            .ToDictionary(p => p.Grid, p => p.Street);

        Yinchuan.PropertyFirms.Count.ShouldBe(221);
        Yinchuan.PropertyFirms.Select(f => f.Name).ShouldBeUnique();
        Yinchuan.PropertyFirms.ShouldAllBe(f => f.Compounds.All(c => streetOfGrid[c.GridId] == f.StreetId));
        Yinchuan.PropertyFirms.SelectMany(f => f.Compounds).Count(c => c.OwnersCommittee).ShouldBeGreaterThan(0);
        Yinchuan.PropertyFirms.SelectMany(f => f.UnitIds).ShouldBeUnique();
    }

    [Fact]
    public void Generate_SameSeed_GivesTheSameCity()
    {
        var first = Json(CityGenerator.Generate(CityGeneratorOptions.Demo));
        var second = Json(CityGenerator.Generate(CityGeneratorOptions.Demo));
        var otherSeed = Json(CityGenerator.Generate(CityGeneratorOptions.Demo with { Seed = 2 }));

        second.ShouldBe(first);
        otherSeed.ShouldNotBe(first);
    }

    [Fact]
    public void Generate_Yinchuan_HasTheCitysScaleAndItsSixDistricts()
    {
        Yinchuan.Name.ShouldBe("银川市");
        Yinchuan.Districts.Select(d => (d.Id, d.Name, d.Urban)).ShouldBe(
        [
            ("640104", "兴庆区", true), ("640106", "金凤区", true), ("640105", "西夏区", true),
            ("640121", "永宁县", false), ("640122", "贺兰县", false), ("640181", "灵武市", false),
        ]);
        var streets = Yinchuan.Districts.SelectMany(d => d.Streets).ToList();
        var communities = streets.SelectMany(s => s.Communities).ToList();
        streets.Count.ShouldBe(62);
        communities.Count.ShouldBe(602);
        communities.Sum(c => c.Grids.Count).ShouldBe(4121);
        Yinchuan.Elevators.Count.ShouldBe(20_000);
        Yinchuan.Firms.Count.ShouldBe(300);
        Yinchuan.Lots.Count.ShouldBe(500);
        Yinchuan.Lots.Sum(l => l.BerthSensorIds.Count).ShouldBe(13_000);
        Yinchuan.Units.Count.ShouldBeInRange(1500, 1800);
        Yinchuan.Elevators.Count(e => e.Escalator).ShouldBeInRange(800, 1200);
        Yinchuan.Departments.Select(d => (d.Id, d.Name)).ShouldBe(
        [
            ("cg", "城市管理局"), ("sz", "市政管理局"), ("zj", "住房和城乡建设局"), ("scjg", "市场监督管理局"), ("jj", "公安交警支队"),
        ]);
    }

    [Fact]
    public void Generate_Yinchuan_IdsFollowTheSharedSchemeWidenedToTheCount()
    {
        var escalators = Yinchuan.Elevators.Count(e => e.Escalator);
        Yinchuan.Elevators[0].Id.ShouldBe("EL-00001");
        Yinchuan.Elevators[^(escalators + 1)].Id.ShouldBe($"EL-{20_000 - escalators:D5}");
        Yinchuan.Elevators[^escalators].Id.ShouldBe("ESC-00001");
        Yinchuan.Elevators[^1].Id.ShouldBe($"ESC-{escalators:D5}");
        Yinchuan.Lots[0].Id.ShouldBe("LOT-001");
        Yinchuan.Lots[0].BerthSensorIds[0].ShouldBe("BS-00001");
        Yinchuan.Lots[^1].BerthSensorIds[^1].ShouldBe("BS-13000");
        Yinchuan.Firms[0].Id.ShouldBe("FIRM-001");
        Yinchuan.Units[0].Id.ShouldBe("UNIT-0001");
        var community = Yinchuan.Districts[0].Streets[0].Communities[0];
        community.Id.ShouldBe("640104001002");
        community.Grids[0].Id.ShouldBe("640104001002-01");
        Yinchuan.Elevators.Select(e => e.Id).ShouldBe(Yinchuan.Elevators.Select(e => e.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Generate_Yinchuan_EveryReferenceResolves()
    {
        CityTopologyFile.Validate(Yinchuan).ShouldBeEmpty();

        var districtOfGrid = Yinchuan.Districts
            .SelectMany(d => d.Streets.SelectMany(s => s.Communities.SelectMany(c => c.Grids.Select(g => (g.Id, District: d.Id)))))
            .ToDictionary(g => g.Id, g => g.District);
        var firms = Yinchuan.Firms.ToDictionary(f => f.Id);
        Yinchuan.Firms.ShouldAllBe(f => f.DistrictIds.Count >= 1 && f.DistrictIds.Count <= 3);
        Yinchuan.Elevators.ShouldAllBe(e => firms[e.MaintenanceFirmId].DistrictIds.Contains(districtOfGrid[e.GridId]));
        // A user unit stays within one district and contracts one firm.
        foreach (var unit in Yinchuan.Elevators.GroupBy(e => e.UserUnitId))
        {
            unit.Select(e => districtOfGrid[e.GridId]).Distinct().Count().ShouldBe(1, unit.Key);
            unit.Select(e => e.MaintenanceFirmId).Distinct().Count().ShouldBe(1, unit.Key);
        }

        var berths = Yinchuan.Lots.SelectMany(l => l.BerthSensorIds).ToList();
        berths.Distinct().Count().ShouldBe(berths.Count);
        Yinchuan.Lots.ShouldAllBe(l => l.NightFreeBerthSensorIds.All(b => l.BerthSensorIds.Contains(b)) && l.Capacity >= l.BerthSensorIds.Count);
        Yinchuan.Lots.Count(l => l.NightFreeBerthSensorIds.Count > 0).ShouldBeInRange(150, 250);
        ((double)Yinchuan.Elevators.Count / Yinchuan.Units.Count).ShouldBeInRange(11, 13);
    }

    [Fact]
    public void Generate_Yinchuan_NamesAreChineseAndFitTheirLevel()
    {
        var streets = Yinchuan.Districts.SelectMany(d => d.Streets).ToList();
        // The official names (CityGeographyTests compares every one with the committed data): no committee suffix.
        streets.ShouldContain(s => s.Name == "凤凰北街街道");
        streets.SelectMany(s => s.Communities).ShouldAllBe(c => !c.Name.EndsWith("委会") && !c.Name.EndsWith("委员会"));
        streets.SelectMany(s => s.Communities).Count(c => c.Name.EndsWith("社区") || c.Name.EndsWith('村')).ShouldBeGreaterThan(550);
        Yinchuan.Elevators[0].Address.ShouldStartWith("银川市兴庆区");
        Yinchuan.Elevators[0].RegistrationCode.Length.ShouldBe(20);
    }

    [Fact]
    public void Generate_Demo_IsASmallCityForOneScreen()
    {
        var demo = CityGenerator.Generate(CityGeneratorOptions.Demo);

        demo.Districts.Select(d => d.Name).ShouldBe(["兴庆区", "金凤区"]);
        demo.Elevators.Count.ShouldBe(24);
        demo.Elevators[0].Id.ShouldBe("EL-0001");
        demo.Units.Count.ShouldBe(3);
        demo.Lots.Count.ShouldBe(3);
        demo.Lots.Sum(l => l.BerthSensorIds.Count).ShouldBe(60);
        demo.Lots[0].NightFreeBerthSensorIds.ShouldNotBeEmpty();
        demo.Firms.Count.ShouldBeInRange(2, 6);
        demo.Departments.ShouldBe(Department.Defaults);
        CityTopologyFile.Validate(demo).ShouldBeEmpty();
    }

    [Fact]
    public void Generate_Demo_ListsEscalatorsAfterTheLiftsUnderTheirOwnIds()
    {
        var demo = CityGenerator.Generate(CityGeneratorOptions.Demo);

        var kinds = demo.Elevators.Select(e => e.Kind).ToList();
        var lifts = kinds.TakeWhile(k => k == DeviceKind.Elevator).Count();
        lifts.ShouldBeInRange(1, demo.Elevators.Count - 1, "the demo city has lifts and escalators");
        kinds.Skip(lifts).ShouldAllBe(k => k == DeviceKind.Escalator);
        demo.Elevators.Take(lifts).Select(e => e.Id).ShouldBe(Enumerable.Range(1, lifts).Select(n => $"EL-{n:D4}"));
        demo.Elevators.Skip(lifts).Select(e => e.Id).ShouldBe(Enumerable.Range(1, demo.Elevators.Count - lifts).Select(n => $"ESC-{n:D4}"));
        // 注册代码: 3310 marks an escalator, 3110 a traction lift.
        demo.Elevators.ShouldAllBe(e => e.RegistrationCode.StartsWith(e.Escalator ? "3310" : "3110"));
        demo.Elevators.Select(e => e.Id).ShouldBe(demo.Elevators.Select(e => e.Id).Order(StringComparer.Ordinal), "ids sort in list order");
    }

    [Fact]
    public void Generate_Demo_RegistersEscalatorsAsEscalatorDevices()
    {
        var city = DemoCity.Generate(CityGenerator.Generate(CityGeneratorOptions.Demo), apps: 3);

        var kinds = city.Registry.Devices.ToDictionary(d => d.Id, d => d.Kind);
        city.Topology.Elevators.ShouldAllBe(e => kinds[e.Id] == e.Kind);
        kinds.Values.ShouldContain(DeviceKind.Escalator);
        DemoCity.Disagreements(new CityMap(city.Topology), city.Registry).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(1, 24, "EL-0001")]
    [InlineData(9999, 9999, "EL-9999")]
    [InlineData(1, 10_000, "EL-00001")]
    [InlineData(20_000, 20_000, "EL-20000")]
    public void ElevatorId_WidensWithTheCount(int number, int count, string expected)
    {
        CityGenerator.ElevatorId(number, count).ShouldBe(expected);
    }

    [Fact]
    public void Generate_UnusableOptions_ListsEveryProblem()
    {
        var options = CityGeneratorOptions.Demo with { Districts = 7, Grids = 1, BerthSensors = 2, Lots = 3 };

        var ex = Should.Throw<ArgumentException>(() => CityGenerator.Generate(options));

        ex.Message.ShouldContain("districts must be 1–6, got 7");
        ex.Message.ShouldContain("1 grids cannot cover 8 communities");
        ex.Message.ShouldContain("2 berth sensors cannot equip 3 lots");
    }

    private static string Json(CityTopology city) => JsonSerializer.Serialize(city, ProtocolJson.Default.CityTopology);
}
