using CommandCenter.Protocol;
using CommandCenter.Simulators.Cli;
using CommandCenter.Simulators.City;
using Shouldly;

namespace CommandCenter.Tests.Simulators;

public sealed class CommandLineTests
{
    [Fact]
    public void RunParse_AllOptions_AreApplied()
    {
        var (options, error) = RunCommand.Line.Parse(
        [
            "--host", "10.0.0.5", "--port", "2883", "--credentials", "c.json", "--registry", "r.json", "--city", "city.json", "--scenario", "s.json",
            "--seed", "9", "--duration", "30", "--heartbeat", "5", "--fault-rate", "1.5", "--berth-heartbeat", "60",
            "--day-seconds", "120", "--history-days", "7", "--missed-share", "0.25", "--overdue-share", "0.5",
        ]);

        error.ShouldBeNull();
        options.ShouldBe(new RunOptions
        {
            Host = "10.0.0.5", Port = 2883, Credentials = "c.json", Registry = "r.json", City = "city.json", Scenario = "s.json", Seed = 9,
            Duration = TimeSpan.FromSeconds(30), HeartbeatSeconds = 5, FaultRate = 1.5, BerthHeartbeatSeconds = 60,
            DaySeconds = 120, HistoryDays = 7, MissedShare = 0.25, OverdueShare = 0.5,
        });
    }

    [Fact]
    public void RunOptions_RegistryAndCityDefaultToTheirFilesBesideTheCredentials()
    {
        var options = new RunOptions { Credentials = Path.Combine("x", "y", "creds.json") };

        options.RegistryPath.ShouldBe(Path.Combine(Path.GetFullPath(Path.Combine("x", "y")), "devices.json"));
        options.CityPath.ShouldBe(Path.Combine(Path.GetFullPath(Path.Combine("x", "y")), "city.json"));
        (options with { City = "elsewhere.json" }).CityPath.ShouldBe("elsewhere.json");
    }

    [Theory]
    [InlineData("--port", "0", "--port must be a whole number from 1 to 65535, got '0'")]
    [InlineData("--heartbeat", "many", "--heartbeat must be a whole number from 1 to 3600, got 'many'")]
    [InlineData("--missed-share", "1.5", "--missed-share must be a number from 0 to 1, got '1.5'")]
    [InlineData("--colour", "red", "unknown option --colour")]
    public void RunParse_BadOption_SaysWhatIsWrong(string option, string value, string expected)
    {
        var (options, error) = RunCommand.Line.Parse([option, value]);

        options.ShouldBeNull();
        error.ShouldBe(expected);
    }

    [Fact]
    public void Parse_OptionWithoutValue_SaysItNeedsOne()
    {
        RunCommand.Line.Parse(["--port"]).Error.ShouldBe("option --port needs a value");
    }

    [Fact]
    public void CityParse_PresetSeedAndOverrides_MakeTheCityOptionsInAnyOrder()
    {
        var (options, error) = CityCommand.Line.Parse(["--elevators", "50", "--out", "d", "--berths", "0", "--lots", "0", "--apps", "5", "--seed", "3", "--preset", "yinchuan", "--force"]);

        error.ShouldBeNull();
        options.ShouldBe(new CityOptions { Out = "d", Force = true, Preset = "yinchuan", Seed = 3, Elevators = 50, Berths = 0, Lots = 0, Apps = 5 });
        options!.City.ShouldBe(DemoCityOptions.Yinchuan with
        {
            City = CityGeneratorOptions.Yinchuan with { Seed = 3, Elevators = 50, BerthSensors = 0, Lots = 0 },
            Apps = 5,
        });
    }

    [Fact]
    public void CityParse_Defaults_AreTheDemoPreset()
    {
        CityCommand.Line.Parse(["--out", "d"]).Options!.City.ShouldBe(DemoCityOptions.Demo);
        CityCommand.Line.Parse(["--out", "d", "--preset", "yinchuan"]).Options!.City.ShouldBe(DemoCityOptions.Yinchuan);
    }

    [Theory]
    [InlineData(new[] { "--elevators", "5" }, "--out is required")]
    [InlineData(new[] { "--out", "d", "--preset", "beijing" }, "--preset must be one of demo, yinchuan, got 'beijing'")]
    [InlineData(new[] { "--out", "d", "--elevators", "2", "--apps", "3" }, "3 apps cannot share 2 elevators: every app serves at least one")]
    [InlineData(new[] { "--out", "d", "--lots", "0" }, "60 berth sensors need at least one lot to belong to")]
    [InlineData(new[] { "--out", "d", "--berths", "2" }, "2 berth sensors cannot equip 3 lots (at least one each)")]
    public void CityParse_ImpossibleCity_SaysWhy(string[] args, string expected)
    {
        var (options, error) = CityCommand.Line.Parse(args);

        options.ShouldBeNull();
        error.ShouldBe(expected);
    }

    [Fact]
    public void LoadParse_AppliesOptions()
    {
        LoadCommand.Line.Parse(["--devices", "500", "--rate", "2500", "--duration", "60", "--credentials", "c.json", "--port", "1884"]).Options
            .ShouldBe(new LoadOptions { Devices = 500, Rate = 2500, DurationSeconds = 60, Credentials = "c.json", Port = 1884 });
    }

    [Fact]
    public void Usage_OfEveryVerb_ListsEveryOptionWithItsDefault()
    {
        AssertListed(RunCommand.Line);
        AssertListed(CityCommand.Line);
        AssertListed(LoadCommand.Line);
        AssertListed(BrokerCommand.Line);
        AssertListed(UpgradeCommand.Line);
        RunCommand.Line.Usage.ShouldContain("--port PORT                MQTT broker port, 1-65535 (default 1883)");
        RunCommand.Line.Usage.ShouldContain("--duration SECONDS         stop after this long, 1-31536000 (default run until Ctrl-C)");
        CityCommand.Line.Usage.ShouldContain("(required)");
        CityCommand.Line.Usage.ShouldContain("--preset NAME              size and shape of the city (see below): demo, yinchuan (default demo)");
        CityCommand.Line.Usage.ShouldContain("(default from the preset: demo 24, yinchuan 20000)");
        CityCommand.Line.Usage.ShouldContain("  yinchuan  6 districts, 60 streets/towns, 500 communities, 4121 grids, 20000 elevators");
        RunCommand.Line.Usage.ShouldContain("\"district\": \"D01\"");
    }

    private static void AssertListed<T>(CommandLine<T> line)
        where T : class
    {
        var lines = line.Usage.Split('\n');
        foreach (var option in line.Options)
        {
            lines.ShouldContain(l => l.TrimStart().StartsWith(option.Name + " ") && (l.Contains("(default ") || l.Contains("(required)")), option.Name);
        }
    }
}
