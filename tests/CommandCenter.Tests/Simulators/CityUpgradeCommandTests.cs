using CommandCenter.Protocol;
using CommandCenter.Simulators.City;
using CommandCenter.Simulators.Cli;
using CommandCenter.Testing;
using Shouldly;

namespace CommandCenter.Tests.Simulators;

/// <summary>What run.sh relies on with a data folder from a build before departments: city stops with exit code 3, upgrade fixes the file.</summary>
public sealed class CityUpgradeCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("city-upgrade-").FullName;
    private readonly StringWriter _output = new();
    private readonly StringWriter _errors = new();

    private string CityPath => Path.Combine(_folder, DemoCity.CityFileName);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task City_KeptVersion1File_StopsWithExitCode3AndChangesNothing()
    {
        var old = TestCity.Version1Json(TestCity.Demo);
        File.WriteAllText(CityPath, old);

        var exitCode = await new CityCommand(TimeProvider.System, _output, _errors).RunAsync(["--out", _folder], Ct);

        exitCode.ShouldBe(CityCommand.OutdatedCityExitCode);
        _errors.ToString().ShouldContain($"upgrade --city {CityPath}");
        File.ReadAllText(CityPath).ShouldBe(old);
        File.Exists(Path.Combine(_folder, DemoCity.RegistryFileName)).ShouldBeFalse();
    }

    [Fact]
    public async Task Upgrade_Version1File_UpgradesInPlaceAndCityThenKeepsIt()
    {
        File.WriteAllText(CityPath, TestCity.Version1Json(TestCity.Demo));

        var exitCode = await new UpgradeCommand(_output, _errors).RunAsync(["--city", CityPath], Ct);

        exitCode.ShouldBe(0, _errors.ToString());
        _output.ToString().ShouldStartWith($"Upgraded {CityPath} from version 1 to 4. Departments: cg 城市管理局, sz 市政管理局");
        CityTopologyFile.Load(CityPath).Departments.ShouldBe(Department.Defaults);
        (await new CityCommand(TimeProvider.System, _output, _errors).RunAsync(["--out", _folder], Ct)).ShouldBe(0, _errors.ToString());
        _output.ToString().ShouldContain($"Kept {CityPath}");
    }

    [Fact]
    public async Task Upgrade_Version3DataFolder_ReRegistersEscalatorDevicesUnderTheirIdsAndSecrets()
    {
        // A version 3 data folder: escalators flagged in the city, their devices registered as lifts.
        var generated = DemoCity.Generate(TestCity.Demo, apps: 3);
        var asLifts = generated.Registry with { Devices = [.. generated.Registry.Devices.Select(d => d.Kind == DeviceKind.Escalator ? d with { Kind = DeviceKind.Elevator } : d)] };
        var credentials = generated.Credentials with { Devices = [.. generated.Credentials.Devices.Select(d => d.Kind == DeviceKind.Escalator ? d with { Kind = DeviceKind.Elevator } : d)] };
        File.WriteAllText(CityPath, TestCity.Version3Json(TestCity.Demo));
        File.WriteAllText(Path.Combine(_folder, DemoCity.RegistryFileName), System.Text.Json.JsonSerializer.Serialize(asLifts, ProtocolJson.Default.DeviceRegistryFile));
        File.WriteAllText(Path.Combine(_folder, DemoCity.CredentialsFileName), System.Text.Json.JsonSerializer.Serialize(credentials, ProtocolJson.Default.DemoCredentialsFile));
        var escalators = TestCity.Demo.Elevators.Count(e => e.Escalator);

        var exitCode = await new UpgradeCommand(_output, _errors).RunAsync(["--city", CityPath], Ct);

        exitCode.ShouldBe(0, _errors.ToString());
        _output.ToString().ShouldContain($"Escalators: {escalators}; {escalators} of their devices re-registered as escalator in {DemoCity.RegistryFileName}.");
        var registry = DemoCity.ReadRegistry(Path.Combine(_folder, DemoCity.RegistryFileName));
        registry.Devices.Select(d => (d.Id, d.Kind, d.Salt, d.SecretSha256))
            .ShouldBe(generated.Registry.Devices.Select(d => (d.Id, d.Kind, d.Salt, d.SecretSha256)), "same devices, salts and hashes; escalators registered as such");
        DemoCity.ReadCredentials(Path.Combine(_folder, DemoCity.CredentialsFileName)).Devices.ShouldBe(generated.Credentials.Devices);
        DemoCity.Disagreements(new CityMap(CityTopologyFile.Load(CityPath)), registry).ShouldBeEmpty();
    }

    [Fact]
    public async Task Upgrade_NoFile_SaysWhereAndFails()
    {
        var exitCode = await new UpgradeCommand(_output, _errors).RunAsync(["--city", CityPath], Ct);

        exitCode.ShouldBe(1);
        _errors.ToString().ShouldBe($"error: {CityPath}: there is no city file{Environment.NewLine}");
    }
}
