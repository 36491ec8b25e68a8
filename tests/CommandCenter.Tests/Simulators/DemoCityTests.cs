using System.Text.Json;
using CommandCenter.Geography.Areas;
using CommandCenter.Protocol;
using CommandCenter.Simulators.City;
using Shouldly;

namespace CommandCenter.Tests.Simulators;

public sealed class DemoCityTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"cc-city-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    public static TheoryData<string, DemoCityOptions> Cities() => new()
    {
        { "demo", DemoCityOptions.Demo },
        { "demo, 300 elevators, 7 apps", DemoCityOptions.Demo with { City = CityGeneratorOptions.Demo with { Elevators = 300, Seed = 5 }, Apps = 7 } },
        { "one app per unit", DemoCityOptions.Demo with { City = CityGeneratorOptions.Demo with { Elevators = 104, Seed = 9 }, Apps = 13 } },
        { "no apps", DemoCityOptions.Demo with { Apps = 0 } },
    };

    /// <summary>Everything the seed decides: ids, kinds and app assignments (not secrets, salts or hashes).</summary>
    private static string Layout(DemoCity city) => string.Join('\n', city.Registry.Devices.Select(d =>
        $"{d.Id} {d.Kind} [{string.Join(',', d.Elevators ?? [])}] [{string.Join(',', d.Units ?? [])}]"));

    [Fact]
    public void Generate_SameSeed_SameCityExceptTheSecrets()
    {
        var options = DemoCityOptions.Demo with { City = CityGeneratorOptions.Demo with { Elevators = 300, Seed = 42 }, Apps = 7 };

        var first = DemoCity.Generate(options);
        var second = DemoCity.Generate(options);

        Json(second.Topology).ShouldBe(Json(first.Topology));
        Layout(second).ShouldBe(Layout(first));
        second.Credentials.Devices.Select(d => (d.Id, d.Kind)).ShouldBe(first.Credentials.Devices.Select(d => (d.Id, d.Kind)));
        second.Credentials.Note.ShouldBe(first.Credentials.Note);
        second.Credentials.Devices[0].Secret.ShouldNotBe(first.Credentials.Devices[0].Secret);
    }

    [Theory]
    [MemberData(nameof(Cities))]
    public void Generate_EveryTopologyElevatorBerthAndLot_HasExactlyOneDeviceOfItsKind(string name, DemoCityOptions options)
    {
        var city = DemoCity.Generate(options);

        var topology = city.Topology;
        var expected = topology.Elevators.Select(e => (e.Id, e.Kind))
            .Concat(topology.Lots.SelectMany(l => l.BerthSensorIds).Select(b => (b, DeviceKind.Berth)))
            .Concat(topology.Lots.Select(l => (l.Id, DeviceKind.Lot)));
        city.Registry.Devices.Where(d => d.Kind != DeviceKind.App).Select(d => (d.Id, d.Kind)).ShouldBe(expected, ignoreOrder: true, customMessage: name);
        city.Registry.Devices.Select(d => d.Id).ShouldBeUnique();
        city.Registry.Devices.Where(d => d.Kind == DeviceKind.App).Select(d => d.Id)
            .ShouldBe(Enumerable.Range(1, options.Apps).Select(i => $"APP-{i:D3}"));
        city.Registry.Devices.Where(d => d.Kind != DeviceKind.App).ShouldAllBe(d => d.Elevators == null && d.Units == null);
        city.Credentials.Devices.Select(d => (d.Id, d.Kind)).ShouldBe(city.Registry.Devices.Select(d => (d.Id, d.Kind)));
        city.Credentials.Devices.ShouldAllBe(d => MessageSchemas.IsValidDeviceId(d.Id) && d.Secret.Length == 32);
    }

    [Theory]
    [MemberData(nameof(Cities))]
    public void Generate_EveryElevatorHasOneApp_AndEveryAppsUnitsAreExactlyTheUnitsOfItsElevators(string name, DemoCityOptions options)
    {
        var city = DemoCity.Generate(options);

        var unitOf = city.Topology.Elevators.ToDictionary(e => e.Id, e => e.UserUnitId);
        var apps = city.Registry.Devices.Where(d => d.Kind == DeviceKind.App).ToList();
        foreach (var app in apps)
        {
            app.Units!.ShouldNotBeEmpty(app.Id);
            app.Units!.ShouldBe(app.Elevators!.Select(e => unitOf[e]).Distinct(), ignoreOrder: true, customMessage: $"{name}: {app.Id}");
        }

        if (apps.Count > 0)
        {
            apps.SelectMany(a => a.Elevators!).ShouldBe(unitOf.Keys, ignoreOrder: true, customMessage: $"{name}: every elevator, each once");
            apps.SelectMany(a => a.Units!).ShouldBeUnique(name);
        }

        DemoCity.Disagreements(new CityMap(city.Topology), city.Registry).ShouldBeEmpty(name);
    }

    [Fact]
    public void Generate_Yinchuan_HasTheFullCityWithWiderIdsAndEvenApps()
    {
        var city = DemoCity.Generate(DemoCityOptions.Yinchuan);

        var kinds = city.Registry.Devices.ToLookup(d => d.Kind, d => d.Id);
        (kinds[DeviceKind.Elevator].Count() + kinds[DeviceKind.Escalator].Count()).ShouldBe(20_000);
        kinds[DeviceKind.Elevator].First().ShouldBe("EL-00001");
        kinds[DeviceKind.Escalator].First().ShouldBe("ESC-00001");
        kinds[DeviceKind.Berth].Count().ShouldBe(13_000);
        kinds[DeviceKind.Lot].Count().ShouldBe(500);
        var apps = city.Registry.Devices.Where(d => d.Kind == DeviceKind.App).ToList();
        apps.Count.ShouldBe(200);
        // Shares differ by at most one unit, and units hold about 12 elevators.
        apps.Max(a => a.Units!.Count).ShouldBeLessThanOrEqualTo(apps.Min(a => a.Units!.Count) + 1);
        DemoCity.Disagreements(new CityMap(city.Topology), city.Registry).ShouldBeEmpty();
    }

    [Fact]
    public void Generate_RegistryHashes_AcceptTheWrittenPlaintextSecretsOnly()
    {
        var city = DemoCity.Generate(DemoCityOptions.Demo);
        var registry = city.Registry.Devices.ToDictionary(d => d.Id);

        foreach (var credential in city.Credentials.Devices)
        {
            var registration = registry[credential.Id];
            registration.Kind.ShouldBe(credential.Kind);
            DeviceSecrets.Verify(registration, credential.Secret).ShouldBeTrue(credential.Id);
            DeviceSecrets.Verify(registration, credential.Secret + "0").ShouldBeFalse();
        }

        city.Registry.Devices.Select(d => d.Salt).Distinct().Count().ShouldBe(city.Registry.Devices.Count);
    }

    public static TheoryData<DemoCityOptions, string> ImpossibleCities() => new()
    {
        { DemoCityOptions.Demo with { Apps = 25 }, "25 apps cannot share 24 elevators: every app serves at least one" },
        { DemoCityOptions.Demo with { Apps = -1 }, "apps cannot be negative, got -1" },
        { DemoCityOptions.Demo with { City = CityGeneratorOptions.Demo with { Lots = 0 } }, "60 berth sensors need at least one lot to belong to" },
        // The demo's 24 elevators form 3 user units, and an app serves whole units.
        { DemoCityOptions.Demo with { Apps = 4 }, "4 apps cannot share the 3 user units that have elevators: every app serves at least one whole unit" },
    };

    [Theory]
    [MemberData(nameof(ImpossibleCities))]
    public void Generate_ImpossibleCity_SaysWhy(DemoCityOptions options, string problem)
    {
        Should.Throw<ArgumentException>(() => DemoCity.Generate(options)).Message.ShouldStartWith(problem);
    }

    [Fact]
    public void WriteTo_NewFolder_WritesAllFourFiles_WhichLoadAndVerify()
    {
        var city = DemoCity.Generate(DemoCityOptions.Demo);

        var files = city.WriteTo(_folder, force: false);

        files.CityWritten.ShouldBeTrue();
        files.DevicesWritten.ShouldBeSameAs(city);
        files.Disagreements.ShouldBeEmpty();
        Directory.GetFiles(_folder).Select(Path.GetFileName).Order()
            .ShouldBe([CityAreasFile.FileName, DemoCity.CityFileName, DemoCity.CredentialsFileName, DemoCity.RegistryFileName]);
        var topology = CityTopologyFile.Load(Path.Combine(_folder, DemoCity.CityFileName));
        CityAreasFile.Load(Path.Combine(_folder, CityAreasFile.FileName), topology).Count.ShouldBe(city.Areas!.Count);
        Json(topology).ShouldBe(Json(city.Topology));
        File.ReadAllText(Path.Combine(_folder, DemoCity.RegistryFileName)).ShouldContain("\n  \"devices\": [");
        var registry = DemoCity.ReadRegistry(Path.Combine(_folder, DemoCity.RegistryFileName));
        var credentials = DemoCity.ReadCredentials(Path.Combine(_folder, DemoCity.CredentialsFileName));
        Json(registry).ShouldBe(Json(city.Registry));
        credentials.Devices.ShouldBe(city.Credentials.Devices);
        credentials.Devices.ShouldAllBe(c => DeviceSecrets.Verify(registry.Devices.Single(d => d.Id == c.Id), c.Secret));
        DemoCity.Disagreements(new CityMap(topology), registry).ShouldBeEmpty();
    }

    [Fact]
    public void WriteTo_ExistingCity_IsKeptUnlessForced()
    {
        DemoCity.Generate(DemoCityOptions.Demo).WriteTo(_folder, force: false);
        var before = Snapshot();
        var replacement = DemoCity.Generate(DemoCityOptions.Demo with { City = CityGeneratorOptions.Demo with { Elevators = 40, Seed = 2 } });

        var kept = replacement.WriteTo(_folder, force: false);

        kept.CityWritten.ShouldBeFalse();
        kept.DevicesWritten.ShouldBeNull();
        kept.Disagreements.ShouldBeEmpty();
        Snapshot().ShouldBe(before);

        var forced = replacement.WriteTo(_folder, force: true);

        forced.CityWritten.ShouldBeTrue();
        forced.DevicesWritten.ShouldBeSameAs(replacement);
        DemoCity.ReadCredentials(Path.Combine(_folder, DemoCity.CredentialsFileName)).Devices.ShouldBe(replacement.Credentials.Devices);
        CityTopologyFile.Load(Path.Combine(_folder, DemoCity.CityFileName)).Elevators.Count.ShouldBe(40);
    }

    [Fact]
    public void WriteTo_CityWithoutDevices_DerivesTheDevicesFromTheExistingCity()
    {
        var existing = DemoCity.Generate(DemoCityOptions.Demo with { City = CityGeneratorOptions.Demo with { Elevators = 60, Seed = 7 } });
        existing.WriteTo(_folder, force: false);
        File.Delete(Path.Combine(_folder, DemoCity.RegistryFileName));
        File.Delete(Path.Combine(_folder, DemoCity.CredentialsFileName));
        var cityBefore = File.ReadAllText(Path.Combine(_folder, DemoCity.CityFileName));

        var files = DemoCity.Generate(DemoCityOptions.Demo).WriteTo(_folder, force: false);

        files.CityWritten.ShouldBeFalse();
        File.ReadAllText(Path.Combine(_folder, DemoCity.CityFileName)).ShouldBe(cityBefore);
        Json(files.City).ShouldBe(Json(existing.Topology));
        files.DevicesWritten.ShouldNotBeNull();
        Layout(files.DevicesWritten).ShouldBe(Layout(DemoCity.Generate(existing.Topology, apps: 3)));
        files.Disagreements.ShouldBeEmpty();
        var registry = DemoCity.ReadRegistry(Path.Combine(_folder, DemoCity.RegistryFileName));
        registry.Devices.Count(d => d.Kind is DeviceKind.Elevator or DeviceKind.Escalator).ShouldBe(60);
        DemoCity.Disagreements(new CityMap(CityTopologyFile.Load(Path.Combine(_folder, DemoCity.CityFileName))), registry).ShouldBeEmpty();
    }

    [Fact]
    public void WriteTo_DevicesWithoutCity_WritesTheCity_KeepsTheDevices_AndSaysWhereTheyDisagree()
    {
        var bigger = DemoCity.Generate(DemoCityOptions.Demo with { City = CityGeneratorOptions.Demo with { Elevators = 30 } });
        bigger.WriteTo(_folder, force: false);
        var lastLift = bigger.Topology.Elevators.Last(e => !e.Escalator).Id;
        File.Delete(Path.Combine(_folder, DemoCity.CityFileName));
        var registryBefore = File.ReadAllText(Path.Combine(_folder, DemoCity.RegistryFileName));

        var files = DemoCity.Generate(DemoCityOptions.Demo).WriteTo(_folder, force: false);

        files.CityWritten.ShouldBeTrue();
        files.DevicesWritten.ShouldBeNull();
        File.ReadAllText(Path.Combine(_folder, DemoCity.RegistryFileName)).ShouldBe(registryBefore);
        files.Disagreements.ShouldContain($"devices.json has elevator {lastLift}, which city.json does not have");
        files.Disagreements.ShouldContain(d => d.StartsWith("app APP-00") && d.Contains($"serves elevator {lastLift}, which city.json does not have"));
    }

    [Fact]
    public void Disagreements_NameMissingStrayAndMisassignedDevices()
    {
        var city = DemoCity.Generate(DemoCityOptions.Demo);
        var map = new CityMap(city.Topology);
        var devices = city.Registry.Devices.ToList();
        var app = devices.First(d => d.Kind == DeviceKind.App);
        var other = devices.Last(d => d.Kind == DeviceKind.App);
        var lent = other.Elevators![0];
        devices.RemoveAll(d => d.Id is "EL-0001" or "BS-00002" or "LOT-001" || d.Kind == DeviceKind.App);
        devices.Add(DeviceSecrets.Register("LOT-001", DeviceKind.Elevator, "x"));
        devices.Add(DeviceSecrets.Register("BS-09999", DeviceKind.Berth, "x"));
        devices.Add(app with { Elevators = [.. app.Elevators!, lent], Units = [.. app.Units!, "UNIT-999"] });
        devices.Add(other);

        var disagreements = DemoCity.Disagreements(map, city.Registry with { Devices = devices });

        disagreements.ShouldContain("elevator EL-0001 of city.json is not in devices.json");
        disagreements.ShouldContain("berth sensor BS-00002 of city.json is not in devices.json");
        disagreements.ShouldContain("devices.json has berth sensor BS-09999, which city.json does not have");
        disagreements.ShouldContain(d => d.StartsWith("lot LOT-001 of city.json is registered as elevator"));
        disagreements.ShouldContain(d => d.StartsWith($"app {app.Id} is assigned units {string.Join(", ", app.Units!)}, UNIT-999, but its elevators belong to units"));
        disagreements.ShouldContain($"elevator {lent} is served by 2 apps ({app.Id}, {other.Id})");
        disagreements.ShouldContain(d => d.EndsWith("is served by no app"), "the middle app was dropped");
    }

    [Fact]
    public void ReadCredentialsAndCity_MissingFile_SayHowToCreateOne()
    {
        Should.Throw<InvalidDataException>(() => DemoCity.ReadCredentials(Path.Combine(_folder, "nope.json")))
            .Message.ShouldContain("create a demo city with 'CommandCenter.Simulators city --out");
        Should.Throw<InvalidDataException>(() => DemoCity.ReadCity(Path.Combine(_folder, DemoCity.CityFileName)))
            .Message.ShouldStartWith($"no city file at {Path.Combine(_folder, DemoCity.CityFileName)}; create a demo city with");
    }

    private Dictionary<string, string> Snapshot() =>
        new DirectoryInfo(_folder).GetFiles().ToDictionary(f => f.Name, f => File.ReadAllText(f.FullName));

    private static string Json(DeviceRegistryFile registry) => JsonSerializer.Serialize(registry, ProtocolJson.Default.DeviceRegistryFile);

    private static string Json(CityTopology topology) => JsonSerializer.Serialize(topology, ProtocolJson.Default.CityTopology);
}
