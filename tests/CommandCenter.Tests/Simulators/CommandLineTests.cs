using System.CommandLine;
using CommandCenter.Protocol;
using CommandCenter.Simulators.Cli;
using CommandCenter.Simulators.City;
using Shouldly;

namespace CommandCenter.Tests.Simulators;

public sealed class CommandLineTests
{
    private readonly StringWriter _output = new();
    private readonly StringWriter _errors = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void RunParse_AllOptions_AreApplied()
    {
        var run = Run();
        var parse = run.Parse(
        [
            "--host", "10.0.0.5", "--port", "2883", "--tls", "--cafile", "ca.crt", "--credentials", "c.json", "--registry", "r.json", "--city", "city.json",
            "--scenario", "s.json", "--seed", "-9", "--duration", "30", "--heartbeat", "5", "--fault-rate", "1.5", "--berth-heartbeat", "60",
            "--day-seconds", "120", "--history-days", "7", "--missed-share", "0.25", "--overdue-share", "0.5",
        ]);

        parse.Errors.ShouldBeEmpty();
        run.Read(parse).ShouldBe(new RunOptions
        {
            Broker = new() { Host = "10.0.0.5", Port = 2883, Tls = true, CaFile = "ca.crt", Credentials = "c.json" }, Registry = "r.json", City = "city.json", Scenario = "s.json", Seed = -9,
            Duration = TimeSpan.FromSeconds(30), HeartbeatSeconds = 5, FaultRate = 1.5, BerthHeartbeatSeconds = 60,
            DaySeconds = 120, HistoryDays = 7, MissedShare = 0.25, OverdueShare = 0.5,
        });
    }

    [Fact]
    public void Parse_NoOptions_GivesEveryVerbsDefaults()
    {
        var run = Run();
        run.Read(run.Parse([])).ShouldBe(new RunOptions());
        var load = Load();
        load.Read(load.Parse([])).ShouldBe(new LoadOptions());
        var broker = new BrokerCommand(_output, _errors);
        broker.Read(broker.Parse(["--out", "o", "--ingest-secret", "s"])).ShouldBe(new BrokerOptions { Out = "o", IngestSecret = "s" });
    }

    [Fact]
    public void RunOptions_RegistryAndCityDefaultToTheirFilesBesideTheCredentials()
    {
        var options = new RunOptions { Broker = new() { Credentials = Path.Combine("x", "y", "creds.json") } };

        options.RegistryPath.ShouldBe(Path.Combine(Path.GetFullPath(Path.Combine("x", "y")), "devices.json"));
        options.CityPath.ShouldBe(Path.Combine(Path.GetFullPath(Path.Combine("x", "y")), "city.json"));
        (options with { City = "elsewhere.json" }).CityPath.ShouldBe("elsewhere.json");
    }

    [Theory]
    [InlineData("--port", "0", "--port must be a whole number from 1 to 65535, got '0'")]
    [InlineData("--heartbeat", "many", "--heartbeat must be a whole number from 1 to 3600, got 'many'")]
    [InlineData("--missed-share", "1.5", "--missed-share must be a number from 0 to 1, got '1.5'")]
    [InlineData("--host", " ", "--host needs a non-empty value")]
    [InlineData("--colour", "red", "'--colour'")]
    public async Task Run_BadOption_ExitsWith2AndSaysWhatIsWrong(string option, string value, string expected)
    {
        var exitCode = await Run().RunAsync([option, value], Ct);

        exitCode.ShouldBe(SimulatorCli.UsageExitCode);
        _errors.ToString().ShouldStartWith("error: ");
        _errors.ToString().ShouldContain(expected);
        _errors.ToString().ShouldContain("Usage:");
        _output.ToString().ShouldBeEmpty();
    }

    [Fact]
    public async Task Run_OptionWithoutValue_SaysItNeedsOne()
    {
        (await Run().RunAsync(["--port"], Ct)).ShouldBe(2);
        _errors.ToString().ShouldContain("--port");
        _errors.ToString().ShouldContain("missing");
    }

    [Fact]
    public void CityParse_PresetSeedAndOverrides_MakeTheCityOptionsInAnyOrder()
    {
        var city = City();
        var parse = city.Parse(["--elevators", "50", "--out", "d", "--berths", "0", "--lots", "0", "--apps", "5", "--seed", "3", "--preset", "yinchuan", "--force"]);

        parse.Errors.ShouldBeEmpty();
        var options = city.Read(parse);
        options.ShouldBe(new CityOptions { Out = "d", Force = true, Preset = "yinchuan", Seed = 3, Elevators = 50, Berths = 0, Lots = 0, Apps = 5 });
        options.City.ShouldBe(DemoCityOptions.Yinchuan with
        {
            City = CityGeneratorOptions.Yinchuan with { Seed = 3, Elevators = 50, BerthSensors = 0, Lots = 0 },
            Apps = 5,
        });
    }

    [Fact]
    public void CityParse_Defaults_AreTheDemoPreset()
    {
        var city = City();
        city.Read(city.Parse(["--out", "d"])).City.ShouldBe(DemoCityOptions.Demo);
        city.Read(city.Parse(["--out", "d", "--preset", "yinchuan"])).City.ShouldBe(DemoCityOptions.Yinchuan);
    }

    [Theory]
    [InlineData(new[] { "--elevators", "5" }, "--out is required")]
    [InlineData(new[] { "--out", "d", "--preset", "beijing" }, "--preset must be one of demo, yinchuan, got 'beijing'")]
    [InlineData(new[] { "--out", "d", "--elevators", "100001" }, "--elevators must be a whole number from 0 to 100000, got '100001'")]
    [InlineData(new[] { "--out", "d", "--elevators", "2", "--apps", "3" }, "3 apps cannot share 2 elevators: every app serves at least one")]
    [InlineData(new[] { "--out", "d", "--lots", "0" }, "60 berth sensors need at least one lot to belong to")]
    [InlineData(new[] { "--out", "d", "--berths", "2" }, "2 berth sensors cannot equip 3 lots (at least one each)")]
    public async Task City_ImpossibleCity_ExitsWith2AndSaysWhy(string[] args, string expected)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"cc-city-{Guid.NewGuid():N}");
        var exitCode = await City().RunAsync([.. args.Select(a => a == "d" ? folder : a)], Ct);

        exitCode.ShouldBe(SimulatorCli.UsageExitCode);
        _errors.ToString().ShouldStartWith($"error: {expected}{Environment.NewLine}");
        Directory.Exists(folder).ShouldBeFalse();
    }

    [Theory]
    [InlineData(new[] { "--alarms", "2" }, "--alarms needs --live")]
    [InlineData(new[] { "--live", "5000" }, "--live must be an absolute URL, got '5000'")]
    [InlineData(new[] { "--rate", "0" }, "--rate must be a whole number from 1 to 1000000, got '0'")]
    public async Task Load_BadOptions_ExitWith2AndSayWhy(string[] args, string expected)
    {
        (await Load().RunAsync(args, Ct)).ShouldBe(SimulatorCli.UsageExitCode);
        _errors.ToString().ShouldStartWith($"error: {expected}{Environment.NewLine}");
    }

    [Fact]
    public void LoadParse_AppliesOptions()
    {
        var load = Load();
        load.Read(load.Parse(["--devices", "500", "--rate", "2500", "--duration", "60", "--credentials", "c.json", "--port", "1884", "--live", "http://localhost:5000", "--alarms", "3"]))
            .ShouldBe(new LoadOptions { Devices = 500, Rate = 2500, DurationSeconds = 60, Broker = new() { Credentials = "c.json", Port = 1884 }, Live = "http://localhost:5000", Alarms = 3 });
    }

    [Fact]
    public async Task Upgrade_WithoutTheCity_ExitsWith2()
    {
        (await new UpgradeCommand(_output, _errors).RunAsync([], Ct)).ShouldBe(2);
        _errors.ToString().ShouldStartWith("error: --city is required");
    }

    private static readonly string[] Names = ["city", "run", "load", "broker", "upgrade", "import-areas"];

    public static TheoryData<string> VerbNames() => [.. Names];

    [Theory]
    [MemberData(nameof(VerbNames))]
    public async Task Help_OfEveryVerb_ListsEveryOptionWithItsDefault_ThenItsNotes(string name)
    {
        var verb = Verbs().Single(v => v.Command.Name == name);

        (await SimulatorCli.InvokeAsync(SimulatorCli.Root(verb).Parse([name, "--help"]), _output, _errors, null, Ct)).ShouldBe(0);

        var help = _output.ToString();
        var lines = help.Split('\n');
        foreach (var option in verb.Command.Options.Where(o => o.Name != "--help"))
        {
            lines.ShouldContain(l => l.TrimStart().StartsWith(option.Name + " ") && (l.Contains("[default: ") || l.Contains("[required]")), option.Name);
        }

        help.ShouldEndWith(verb.Notes.TrimEnd() + Environment.NewLine);
        help.IndexOf(verb.Notes.TrimEnd(), StringComparison.Ordinal).ShouldBeGreaterThan(help.IndexOf("--help", StringComparison.Ordinal));
        _errors.ToString().ShouldBeEmpty();
    }

    [Fact]
    public async Task Help_ShowsRangesDefaultsAndTables()
    {
        var root = SimulatorCli.Root(Verbs());

        await SimulatorCli.InvokeAsync(root.Parse(["run", "--help"]), _output, _errors, null, Ct);
        await SimulatorCli.InvokeAsync(root.Parse(["city", "-h"]), _output, _errors, null, Ct);

        var help = _output.ToString();
        help.ShouldContain("--port <PORT>");
        help.ShouldContain("MQTT broker port, 1-65535 [default: 1883]");
        help.ShouldContain("stop after this long, 1-31536000 [default: run until Ctrl-C]");
        help.ShouldContain("\"district\": \"640104\"");
        help.ShouldContain("[required]");
        help.ShouldContain("size and shape of the city (see below): demo, yinchuan [default: demo]");
        help.ShouldContain("[default: from the preset: demo 24, yinchuan 20000]");
        help.ShouldContain("  yinchuan  6 districts, 62 streets/towns, 602 communities, 4121 grids, 20000 elevators");
        help.ShouldContain($"exit code {CityCommand.OutdatedCityExitCode}");
    }

    [Fact]
    public async Task Tool_ListsItsVerbs_AndRefusesAnUnknownOne()
    {
        var root = SimulatorCli.Root(Verbs());

        (await SimulatorCli.InvokeAsync(root.Parse(["--help"]), _output, _errors, null, Ct)).ShouldBe(0);
        (await SimulatorCli.InvokeAsync(root.Parse(["help"]), _output, _errors, null, Ct)).ShouldBe(0);
        (await SimulatorCli.InvokeAsync(root.Parse(["explode"]), _output, _errors, null, Ct)).ShouldBe(2);
        (await SimulatorCli.InvokeAsync(root.Parse([]), _output, _errors, null, Ct)).ShouldBe(2);

        foreach (var verb in Names)
        {
            _output.ToString().ShouldContain($"  {verb} ");
        }

        _output.ToString().ShouldContain("Typical demo: city --out ./data");
        _errors.ToString().ShouldStartWith("error: ");
        _errors.ToString().ShouldContain("'explode'");
    }

    /// <summary>The invocations the stack CLI (src/Stack: run.sh, bench.sh) makes, and the broker verb as docs/operations.md shows it.</summary>
    public static TheoryData<string> ScriptInvocations() =>
    [
        "city --out /srv/data --preset demo --elevators 24",
        "city --out /srv/data --preset yinchuan",
        "upgrade --city /srv/data/city.json",
        "import-areas --city /srv/data --file outlines.geojson --level community grid --datum gcj02 --dry-run",
        "run --port 1883 --credentials /srv/data/demo-credentials.json --responders http://127.0.0.1:5080",
        "load --credentials /srv/data/demo-credentials.json --port 1883 --devices 1000 --rate 5000 --duration 30",
        "load --credentials /srv/data/demo-credentials.json --port 1883 --devices 1000 --rate 5000 --duration 30 --rate 200 --live http://127.0.0.1:5000 --alarms 10 --report /tmp/load.json",
        "broker --credentials /srv/data/demo-credentials.json --out /srv/data/mosquitto --port 1883 --ingest-port 2883 --ingest-secret /srv/data/ingest.secret",
    ];

    [Theory]
    [MemberData(nameof(ScriptInvocations))]
    public void ScriptInvocation_Parses(string commandLine)
    {
        var args = commandLine.Split(' ');
        var parse = SimulatorCli.Root(Verbs()).Parse(args);

        parse.Errors.ShouldBeEmpty();
        parse.CommandResult.Command.Name.ShouldBe(args[0]);
    }

    [Fact]
    public void Parse_OptionGivenTwice_TheLastValueCounts()
    {
        var load = Load();
        var parse = load.Parse(["--rate", "5000", "--duration", "30", "--rate", "200"]);

        parse.Errors.ShouldBeEmpty();
        load.Read(parse).Rate.ShouldBe(200);
    }

    private RunCommand Run() => new(TimeProvider.System, _output, _errors);

    private LoadCommand Load() => new(TimeProvider.System, _output, _errors);

    private CityCommand City() => new(TimeProvider.System, _output, _errors);

    private IVerb[] Verbs() => [City(), Run(), Load(), new BrokerCommand(_output, _errors), new UpgradeCommand(_output, _errors), new ImportAreasCommand(TimeProvider.System, _output, _errors)];
}
