using CommandCenter.Protocol;
using CommandCenter.Simulators.City;
using CommandCenter.Simulators.Cli;
using CommandCenter.Testing;
using Shouldly;

namespace CommandCenter.Tests.Simulators;

/// <summary>
/// What run.sh relies on with a data folder from an older build: before real positions, city stops with exit code 3 and both
/// city and upgrade say to regenerate; before property firms (version 5), city stops with exit code 4 and upgrade brings it up to date.
/// </summary>
public sealed class CityUpgradeCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("city-upgrade-").FullName;
    private readonly StringWriter _output = new();
    private readonly StringWriter _errors = new();

    private string CityPath => Path.Combine(_folder, DemoCity.CityFileName);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task City_KeptVersion4File_StopsWithExitCode3AndChangesNothing()
    {
        var old = TestCity.OlderVersionJson(TestCity.Demo, 4);
        File.WriteAllText(CityPath, old);

        var exitCode = await new CityCommand(TimeProvider.System, _output, _errors).RunAsync(["--out", _folder], Ct);

        exitCode.ShouldBe(CityCommand.OutdatedCityExitCode);
        _errors.ToString().ShouldContain($"city --out {_folder} --force");
        File.ReadAllText(CityPath).ShouldBe(old);
        File.Exists(Path.Combine(_folder, DemoCity.RegistryFileName)).ShouldBeFalse();
    }

    [Fact]
    public async Task Upgrade_Version4File_FailsSayingToRegenerateAndChangesNothing()
    {
        var old = TestCity.OlderVersionJson(TestCity.Demo, 4);
        File.WriteAllText(CityPath, old);

        var exitCode = await new UpgradeCommand(_output, _errors).RunAsync(["--city", CityPath], Ct);

        exitCode.ShouldBe(1);
        _errors.ToString().ShouldContain("A schematic map's positions cannot be turned into real ones, so there is no upgrade");
        File.ReadAllText(CityPath).ShouldBe(old);
    }

    [Fact]
    public async Task City_KeptVersion5File_StopsWithExitCode4SayingToUpgrade()
    {
        var old = Version5Json();
        File.WriteAllText(CityPath, old);

        var exitCode = await new CityCommand(TimeProvider.System, _output, _errors).RunAsync(["--out", _folder], Ct);

        exitCode.ShouldBe(CityCommand.UpgradableCityExitCode);
        _errors.ToString().ShouldContain($"upgrade --city {CityPath}");
        File.ReadAllText(CityPath).ShouldBe(old);
    }

    [Fact]
    public async Task Upgrade_Version5File_UpgradesItInPlace()
    {
        File.WriteAllText(CityPath, Version5Json());

        var exitCode = await new UpgradeCommand(_output, _errors).RunAsync(["--city", CityPath], Ct);

        exitCode.ShouldBe(0, _errors.ToString());
        _output.ToString().ShouldStartWith($"Upgraded {CityPath} from version 5 to 6 (an empty registry of property firms).");
        CityTopologyFile.Load(CityPath).Elevators.Count.ShouldBe(TestCity.Demo.Elevators.Count);
    }

    [Fact]
    public async Task Upgrade_CurrentFile_SaysThereIsNothingToDo()
    {
        CityTopologyFile.Save(CityPath, TestCity.Demo);

        var exitCode = await new UpgradeCommand(_output, _errors).RunAsync(["--city", CityPath], Ct);

        exitCode.ShouldBe(0, _errors.ToString());
        _output.ToString().ShouldStartWith($"{CityPath} is already version 6; nothing to do.");
    }

    [Fact]
    public async Task Upgrade_NoFile_SaysWhereAndFails()
    {
        var exitCode = await new UpgradeCommand(_output, _errors).RunAsync(["--city", CityPath], Ct);

        exitCode.ShouldBe(1);
        _errors.ToString().ShouldBe($"error: {CityPath}: there is no city file{Environment.NewLine}");
    }

    private static string Version5Json()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(TestCity.OlderVersionJson(TestCity.Demo, 5))!.AsObject();
        json.Remove("propertyFirms");
        return json.ToJsonString();
    }
}
