using System.Text.Json;
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

    /// <summary>Everything the seed decides: ids, kinds and app assignments (not secrets, salts or hashes).</summary>
    private static string Layout(DemoCity city) => string.Join('\n', city.Registry.Devices.Select(d =>
        $"{d.Id} {d.Kind} [{string.Join(',', d.Elevators ?? [])}] [{string.Join(',', d.Units ?? [])}]"));

    [Fact]
    public void Generate_SameSeed_SameCityExceptTheSecrets()
    {
        var options = new DemoCityOptions { Elevators = 300, Berths = 20, Lots = 2, Apps = 7, Seed = 42 };

        var first = DemoCity.Generate(options);
        var second = DemoCity.Generate(options);

        Layout(second).ShouldBe(Layout(first));
        second.Credentials.Devices.Select(d => (d.Id, d.Kind)).ShouldBe(first.Credentials.Devices.Select(d => (d.Id, d.Kind)));
        second.Credentials.Note.ShouldBe(first.Credentials.Note);
        second.Credentials.Devices[0].Secret.ShouldNotBe(first.Credentials.Devices[0].Secret);
    }

    [Fact]
    public void Generate_Defaults_GiveTheSmallDemoCityWithItsIdFormats()
    {
        var city = DemoCity.Generate(new DemoCityOptions());

        var ids = city.Credentials.Devices.ToLookup(d => d.Kind, d => d.Id);
        ids[DeviceKind.Elevator].ShouldBe(Enumerable.Range(1, 24).Select(i => $"EL-{i:D4}"));
        ids[DeviceKind.Berth].ShouldBe(Enumerable.Range(1, 60).Select(i => $"BS-{i:D5}"));
        ids[DeviceKind.Lot].ShouldBe(["LOT-001", "LOT-002", "LOT-003"]);
        ids[DeviceKind.App].ShouldBe(["APP-001", "APP-002", "APP-003"]);
        city.Registry.Version.ShouldBe(DeviceRegistryFile.CurrentVersion);
        city.Registry.Devices.Select(d => d.Id).ShouldBe(city.Credentials.Devices.Select(d => d.Id));
        city.Credentials.Devices.ShouldAllBe(d => MessageSchemas.IsValidDeviceId(d.Id) && d.Secret.Length == 32);
    }

    [Theory]
    [InlineData(24, 3)]
    [InlineData(1000, 7)]
    [InlineData(5, 5)]
    public void Generate_EveryElevatorIsServedByExactlyOneApp_AndUnitsOfAboutTwelveNeverSpanApps(int elevators, int apps)
    {
        var city = DemoCity.Generate(new DemoCityOptions { Elevators = elevators, Apps = apps });

        var registeredApps = city.Registry.Devices.Where(d => d.Kind == DeviceKind.App).ToList();
        registeredApps.Count.ShouldBe(apps);
        registeredApps.SelectMany(a => a.Elevators!).Order().ShouldBe(Enumerable.Range(1, elevators).Select(i => $"EL-{i:D4}"));
        registeredApps.ShouldAllBe(a => a.Elevators!.Count >= elevators / apps && a.Elevators.Count <= (elevators / apps) + 1);
        var units = registeredApps.SelectMany(a => a.Units!).ToList();
        units.ShouldBe(Enumerable.Range(1, units.Count).Select(i => $"UNIT-{i:D3}"), "units are numbered across apps, none shared");
        registeredApps.ShouldAllBe(a => a.Units!.Count >= 1);
        ((double)elevators / units.Count).ShouldBeInRange(Math.Min(elevators / (double)apps, 9), 17);
        city.Registry.Devices.Where(d => d.Kind != DeviceKind.App).ShouldAllBe(d => d.Elevators == null && d.Units == null);
    }

    [Fact]
    public void Generate_RegistryHashes_AcceptTheWrittenPlaintextSecretsOnly()
    {
        var city = DemoCity.Generate(new DemoCityOptions());
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

    [Theory]
    [InlineData(0, 10, 1, 1, "a city needs at least one elevator, got 0")]
    [InlineData(4, 10, 1, 5, "5 apps cannot share 4 elevators: every app serves at least one")]
    [InlineData(4, 10, 0, 1, "10 berth sensors need at least one lot to belong to")]
    [InlineData(4, -1, 1, 1, "counts cannot be negative")]
    public void Generate_ImpossibleCity_SaysWhy(int elevators, int berths, int lots, int apps, string problem)
    {
        var options = new DemoCityOptions { Elevators = elevators, Berths = berths, Lots = lots, Apps = apps };

        Should.Throw<ArgumentException>(() => DemoCity.Generate(options)).Message.ShouldStartWith(problem);
    }

    [Fact]
    public void WriteTo_NewFolder_WritesIndentedFilesThatReadBackAndVerify()
    {
        var city = DemoCity.Generate(new DemoCityOptions());

        city.WriteTo(_folder, force: false).ShouldBeTrue();

        var registryText = File.ReadAllText(Path.Combine(_folder, DemoCity.RegistryFileName));
        registryText.ShouldContain("\n  \"devices\": [");
        var registry = DemoCity.ReadRegistry(Path.Combine(_folder, DemoCity.RegistryFileName));
        var credentials = DemoCity.ReadCredentials(Path.Combine(_folder, DemoCity.CredentialsFileName));
        Json(registry).ShouldBe(Json(city.Registry));
        credentials.Devices.ShouldBe(city.Credentials.Devices);
        credentials.Devices.ShouldAllBe(c => DeviceSecrets.Verify(registry.Devices.Single(d => d.Id == c.Id), c.Secret));
        Directory.GetFiles(_folder).Select(Path.GetFileName).Order().ShouldBe([DemoCity.CredentialsFileName, DemoCity.RegistryFileName]);
    }

    [Fact]
    public void WriteTo_ExistingCity_IsKeptUnlessForced()
    {
        DemoCity.Generate(new DemoCityOptions()).WriteTo(_folder, force: false);
        var before = File.ReadAllText(Path.Combine(_folder, DemoCity.CredentialsFileName));
        var replacement = DemoCity.Generate(new DemoCityOptions { Elevators = 5, Apps = 1 });

        replacement.WriteTo(_folder, force: false).ShouldBeFalse();
        File.ReadAllText(Path.Combine(_folder, DemoCity.CredentialsFileName)).ShouldBe(before);

        replacement.WriteTo(_folder, force: true).ShouldBeTrue();
        DemoCity.ReadCredentials(Path.Combine(_folder, DemoCity.CredentialsFileName)).Devices.ShouldBe(replacement.Credentials.Devices);
    }

    [Fact]
    public void ReadCredentials_MissingFile_SaysHowToCreateOne()
    {
        Should.Throw<InvalidDataException>(() => DemoCity.ReadCredentials(Path.Combine(_folder, "nope.json")))
            .Message.ShouldContain("create a demo city with 'CommandCenter.Simulators city --out");
    }

    private static string Json(DeviceRegistryFile registry) => JsonSerializer.Serialize(registry, ProtocolJson.Default.DeviceRegistryFile);
}
