using System.Text.Json;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using Shouldly;
using CommandCenter.Simulators.City;

namespace CommandCenter.Tests.City;

public sealed class CityTopologyFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("city-file-").FullName;

    private string CityPath => Path.Combine(_folder, CityTopologyFile.FileName);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void SaveThenLoad_DemoCity_RoundTripsAndStaysReadable()
    {
        var city = CityGenerator.Generate(CityGeneratorOptions.Demo);

        CityTopologyFile.Save(CityPath, city);
        var loaded = CityTopologyFile.Load(CityPath);

        Json(loaded).ShouldBe(Json(city));
        var text = File.ReadAllText(CityPath);
        text.ShouldContain("\"name\": \"银川市\"");
        text.ShouldContain("\"nightFreeBerthSensorIds\"");
    }

    [Fact]
    public void Load_NoFile_SaysWhere()
    {
        var ex = Should.Throw<FileNotFoundException>(() => CityTopologyFile.Load(CityPath));

        ex.Message.ShouldBe($"{CityPath}: there is no city file");
    }

    [Fact]
    public void Load_BrokenJson_GivesPathLineAndReason()
    {
        File.WriteAllText(CityPath, "{\n  \"version\": 3,\n  \"name\": oops\n}");

        var ex = Should.Throw<InvalidDataException>(() => CityTopologyFile.Load(CityPath));

        ex.Message.ShouldStartWith($"{CityPath}: not a valid city file: line 3, column");
        ex.Message.ShouldContain("$.name");
    }

    [Fact]
    public void Load_WrongTypeOfValue_GivesPathAndJsonPath()
    {
        File.WriteAllText(CityPath, "{\"version\": \"one\"}");

        var ex = Should.Throw<InvalidDataException>(() => CityTopologyFile.Load(CityPath));

        ex.Message.ShouldStartWith($"{CityPath}: not a valid city file: line 1");
        ex.Message.ShouldContain("$.version");
    }

    [Fact]
    public void Load_MissingParts_NamesEachOne()
    {
        File.WriteAllText(CityPath, "{\"version\": 6, \"name\": \"银川市\", \"districts\": []}");

        var ex = Should.Throw<InvalidDataException>(() => CityTopologyFile.Load(CityPath));

        ex.Message.ShouldBe($"{CityPath}: not a valid city file: 6 problems: departments is missing; units is missing; firms is missing; elevators is missing; lots is missing; propertyFirms is missing");
    }

    [Fact]
    public void Load_DepartmentsWithoutIdOrNameOrTwice_NamesEachOne()
    {
        var city = CityGenerator.Generate(CityGeneratorOptions.Demo);
        var broken = city with
        {
            Departments = [new Department("cg", "城市管理局"), new Department("cg", "城管"), new Department(" ", "市政管理局"), new Department("jj", ""), null!],
        };
        File.WriteAllText(CityPath, Json(broken));

        var ex = Should.Throw<InvalidDataException>(() => CityTopologyFile.Load(CityPath));

        ex.Message.ShouldBe(
            $"{CityPath}: not a valid city file: 4 problems: department cg: id is used twice; a department has no id (name '市政管理局'); " +
            "department jj: name is missing; departments[4] is null");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Load_SchematicVersionFile_IsRefusedSayingToRegenerateIt(int version)
    {
        File.WriteAllText(CityPath, TestCity.OlderVersionJson(CityGenerator.Generate(CityGeneratorOptions.Demo), version));

        var ex = Should.Throw<OutdatedCityFileException>(() => CityTopologyFile.Load(CityPath));

        ex.Version.ShouldBe(version);
        ex.Message.ShouldStartWith($"{CityPath}: a version {version} city file; this build reads version 6, which places the city on the real administrative tree");
        ex.Message.ShouldContain("there is no upgrade");
        ex.Message.ShouldContain($"'CommandCenter.Simulators city --out {_folder} --force'");
    }

    [Fact]
    public void Load_Version5File_IsRefusedSayingToUpgradeIt()
    {
        File.WriteAllText(CityPath, Version5Json(CityGenerator.Generate(CityGeneratorOptions.Demo)));

        var ex = Should.Throw<OutdatedCityFileException>(() => CityTopologyFile.Load(CityPath));

        (ex.Version, ex.CanUpgrade).ShouldBe((5, true));
        ex.Message.ShouldStartWith($"{CityPath}: a version 5 city file; this build reads version 6, which adds the registry of property-service firms");
        ex.Message.ShouldContain($"'CommandCenter.Simulators upgrade --city {CityPath}'");
    }

    [Fact]
    public void Upgrade_Version5File_GainsAnEmptyPropertyFirmRegistryAndKeepsEverythingElse()
    {
        var city = CityGenerator.Generate(CityGeneratorOptions.Demo);
        File.WriteAllText(CityPath, Version5Json(city));

        CityTopologyFile.Upgrade(CityPath).ShouldBe(5);

        var upgraded = CityTopologyFile.Load(CityPath);
        upgraded.PropertyFirms.ShouldBeEmpty();
        Json(upgraded).ShouldBe(Json(city with { PropertyFirms = [] }));
    }

    [Fact]
    public void Load_PropertyFirmsOutOfPlace_NamesEachProblem()
    {
        var city = CityGenerator.Generate(CityGeneratorOptions.Demo);
        var first = city.PropertyFirms[0];
        var otherStreet = city.Districts.SelectMany(d => d.Streets).First(s => s.Id != first.StreetId);
        var gridElsewhere = otherStreet.Communities[0].Grids[0].Id;
        var broken = city with
        {
            PropertyFirms =
            [
                first,
                first with { Id = "PF-900", Compounds = [first.Compounds[0], new ManagedCompound(gridElsewhere, false, false)] },
                first with { Id = "PF-901", StreetId = "640104999", Compounds = [new ManagedCompound("no-such-grid", true, true)], UnitIds = ["UNIT-999"] },
                first with { Id = "PF-902", Compounds = [] },
            ],
        };
        File.WriteAllText(CityPath, Json(broken));

        var ex = Should.Throw<InvalidDataException>(() => CityTopologyFile.Load(CityPath));

        ex.Message.ShouldContain($"property firm PF-900: compound grid {first.Compounds[0].GridId} is managed by {first.Id} already");
        ex.Message.ShouldContain($"property firm PF-900: compound grid {gridElsewhere} lies in street {otherStreet.Id}, not in the firm's street {first.StreetId}");
        ex.Message.ShouldContain("property firm PF-901: street '640104999' does not exist");
        ex.Message.ShouldContain("property firm PF-901: unit 'UNIT-999' does not exist");
        ex.Message.ShouldContain("property firm PF-901: compound grid 'no-such-grid' does not exist");
        ex.Message.ShouldContain("property firm PF-902: compounds is missing or empty");
    }

    [Fact]
    public void Generate_Demo_GivesEveryUrbanCompoundOfAStreetOneGeneratedPropertyFirm()
    {
        var city = CityGenerator.Generate(CityGeneratorOptions.Demo);

        city.PropertyFirms.Count.ShouldBe(6);
        city.PropertyFirms.Select(f => f.Id).ShouldBe(["PF-001", "PF-002", "PF-003", "PF-004", "PF-005", "PF-006"]);
        city.PropertyFirms.SelectMany(f => f.Compounds).Select(c => c.GridId).ShouldBeUnique();
        city.PropertyFirms.ShouldAllBe(f => f.Name.EndsWith("物业服务有限公司", StringComparison.Ordinal) && f.Compounds.Count > 0);
        Json(CityGenerator.Generate(CityGeneratorOptions.Demo)).ShouldBe(Json(city), "the same seed, the same firms");
    }

    [Fact]
    public void Upgrade_SchematicVersionFile_IsRefusedAndWritesNothing()
    {
        var text = TestCity.OlderVersionJson(CityGenerator.Generate(CityGeneratorOptions.Demo), 4);
        File.WriteAllText(CityPath, text);

        Should.Throw<OutdatedCityFileException>(() => CityTopologyFile.Upgrade(CityPath)).Version.ShouldBe(4);

        File.ReadAllText(CityPath).ShouldBe(text);
    }

    [Fact]
    public void Upgrade_CurrentFile_LeavesItUntouched()
    {
        CityTopologyFile.Save(CityPath, CityGenerator.Generate(CityGeneratorOptions.Demo));
        var before = File.ReadAllBytes(CityPath);
        var writtenAt = File.GetLastWriteTimeUtc(CityPath);

        CityTopologyFile.Upgrade(CityPath).ShouldBe(CityTopology.CurrentVersion);

        File.ReadAllBytes(CityPath).ShouldBe(before);
        File.GetLastWriteTimeUtc(CityPath).ShouldBe(writtenAt);
    }

    [Fact]
    public void Upgrade_UnknownVersion_IsRefusedAndWritesNothing()
    {
        var text = Json(CityGenerator.Generate(CityGeneratorOptions.Demo) with { Version = 9 });
        File.WriteAllText(CityPath, text);

        var ex = Should.Throw<InvalidDataException>(() => CityTopologyFile.Upgrade(CityPath));

        ex.Message.ShouldBe($"{CityPath}: version 9 is not a city file version this build knows (it reads 6)");
        File.ReadAllText(CityPath).ShouldBe(text);
    }

    [Fact]
    public void Load_DanglingReferencesAndSharedBerths_NamesTheThingsInvolved()
    {
        var city = CityGenerator.Generate(CityGeneratorOptions.Demo);
        var otherDistrictFirm = new MaintenanceFirm("FIRM-900", "宁夏远方电梯有限公司", 38.49, 106.23, ["640106"], []);
        var elevatorInD01 = city.Elevators.First(e => e.GridId.StartsWith("640104", StringComparison.Ordinal));
        var broken = city with
        {
            Version = 9,
            Firms = [.. city.Firms, otherDistrictFirm],
            Elevators =
            [
                city.Elevators[0] with { MaintenanceFirmId = "FIRM-999" },
                elevatorInD01 with { Id = "EL-9001", MaintenanceFirmId = otherDistrictFirm.Id },
                city.Elevators[2] with { Id = "EL 3" },
                .. city.Elevators.Skip(3),
            ],
            Lots = [city.Lots[0], city.Lots[1] with { Capacity = city.Lots[1].Capacity + 1, BerthSensorIds = [.. city.Lots[1].BerthSensorIds, city.Lots[0].BerthSensorIds[0]] }, city.Lots[2]],
        };
        File.WriteAllText(CityPath, Json(broken));

        var ex = Should.Throw<InvalidDataException>(() => CityTopologyFile.Load(CityPath));

        ex.Message.ShouldStartWith($"{CityPath}: not a valid city file: 5 problems: version 9 is not supported (expected 6)");
        ex.Message.ShouldContain($"elevator {city.Elevators[0].Id}: maintenance firm 'FIRM-999' does not exist");
        ex.Message.ShouldContain($"elevator EL-9001: maintenance firm {otherDistrictFirm.Id} does not serve district 640104");
        ex.Message.ShouldContain("elevator id 'EL 3' is not a valid device id");
        ex.Message.ShouldContain($"berth sensor {city.Lots[0].BerthSensorIds[0]}: belongs to both {city.Lots[0].Id} and {city.Lots[1].Id}");
    }

    [Fact]
    public void Save_InvalidCity_IsRefusedAndWritesNothing()
    {
        var city = CityGenerator.Generate(CityGeneratorOptions.Demo);
        var broken = city with { Lots = [city.Lots[0] with { GridId = "D09-S01-C01-G01" }] };

        var ex = Should.Throw<ArgumentException>(() => CityTopologyFile.Save(CityPath, broken));

        ex.Message.ShouldContain($"lot {city.Lots[0].Id}: grid 'D09-S01-C01-G01' does not exist");
        File.Exists(CityPath).ShouldBeFalse();
    }

    private static string Json(CityTopology city) => JsonSerializer.Serialize(city, ProtocolJson.Default.CityTopology);

    /// <summary>The city as a version 5 build wrote it: no property firms.</summary>
    private static string Version5Json(CityTopology city)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(TestCity.OlderVersionJson(city, 5))!.AsObject();
        json.Remove("propertyFirms");
        return json.ToJsonString();
    }
}
