using CommandCenter.Protocol;
using CommandCenter.Simulators.City;
using CommandCenter.Simulators.Cli;
using CommandCenter.Testing;
using Shouldly;

namespace CommandCenter.Tests.Simulators;

/// <summary>What run.sh relies on with a data folder from a build before real positions: city stops with exit code 3 and both city and upgrade say to regenerate.</summary>
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
    public async Task Upgrade_CurrentFile_SaysThereIsNothingToDo()
    {
        CityTopologyFile.Save(CityPath, TestCity.Demo);

        var exitCode = await new UpgradeCommand(_output, _errors).RunAsync(["--city", CityPath], Ct);

        exitCode.ShouldBe(0, _errors.ToString());
        _output.ToString().ShouldStartWith($"{CityPath} is already version 5; nothing to do.");
    }

    [Fact]
    public async Task Upgrade_NoFile_SaysWhereAndFails()
    {
        var exitCode = await new UpgradeCommand(_output, _errors).RunAsync(["--city", CityPath], Ct);

        exitCode.ShouldBe(1);
        _errors.ToString().ShouldBe($"error: {CityPath}: there is no city file{Environment.NewLine}");
    }
}
