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
            "--host", "10.0.0.5", "--port", "2883", "--credentials", "c.json", "--registry", "r.json", "--scenario", "s.json",
            "--seed", "9", "--duration", "30", "--heartbeat", "5", "--fault-rate", "1.5", "--berth-heartbeat", "60",
            "--day-seconds", "120", "--history-days", "7", "--missed-share", "0.25", "--overdue-share", "0.5",
        ]);

        error.ShouldBeNull();
        options.ShouldBe(new RunOptions
        {
            Host = "10.0.0.5", Port = 2883, Credentials = "c.json", Registry = "r.json", Scenario = "s.json", Seed = 9,
            Duration = TimeSpan.FromSeconds(30), HeartbeatSeconds = 5, FaultRate = 1.5, BerthHeartbeatSeconds = 60,
            DaySeconds = 120, HistoryDays = 7, MissedShare = 0.25, OverdueShare = 0.5,
        });
    }

    [Fact]
    public void RunOptions_RegistryDefaultsToDevicesJsonBesideTheCredentials()
    {
        new RunOptions { Credentials = Path.Combine("x", "y", "creds.json") }.RegistryPath
            .ShouldBe(Path.Combine(Path.GetFullPath(Path.Combine("x", "y")), DemoCity.RegistryFileName));
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
    public void CityParse_AppliesOptionsAndChecksTheCity()
    {
        CityCommand.Line.Parse(["--out", "d", "--elevators", "50", "--berths", "0", "--lots", "0", "--apps", "5", "--seed", "3", "--force"]).Options
            .ShouldBe(new CityOptions { Out = "d", Force = true, City = new DemoCityOptions { Elevators = 50, Berths = 0, Lots = 0, Apps = 5, Seed = 3 } });
        CityCommand.Line.Parse(["--elevators", "5"]).Error.ShouldBe("--out is required");
        CityCommand.Line.Parse(["--out", "d", "--elevators", "2", "--apps", "3"]).Error.ShouldBe("3 apps cannot share 2 elevators: every app serves at least one");
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
        RunCommand.Line.Usage.ShouldContain("--port PORT                MQTT broker port, 1-65535 (default 1883)");
        RunCommand.Line.Usage.ShouldContain("--duration SECONDS         stop after this long, 1-31536000 (default run until Ctrl-C)");
        CityCommand.Line.Usage.ShouldContain("(required)");
        CityCommand.Line.Usage.ShouldContain("(default 24)");
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
