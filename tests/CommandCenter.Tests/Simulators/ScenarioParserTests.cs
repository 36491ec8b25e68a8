using CommandCenter.Protocol;
using CommandCenter.Simulators.City;
using CommandCenter.Simulators.Scenarios;
using Shouldly;

namespace CommandCenter.Tests.Simulators;

public sealed class ScenarioParserTests
{
    private static readonly DemoCity Demo = DemoCity.Generate(DemoCityOptions.Demo);
    private static readonly IReadOnlyList<DemoCredential> DemoDevices = Demo.Credentials.Devices;
    private static readonly CityMap DemoMap = new(Demo.Topology);

    [Fact]
    public void Parse_EveryAction_GivesTimedStepsWithTheirFields()
    {
        var scenario = ScenarioParser.Parse("""
            // comments and trailing commas are fine
            { "description": "demo",
              "steps": [
                { "at": "30s", "action": "trap", "elevator": "EL-0003", "note": "watch the wall" },
                { "at": "45s", "action": "release", "elevator": "EL-0003" },
                { "at": "1m", "action": "fault", "elevator": "EL-0005", "code": "02", "for": "2m" },
                { "at": "1m", "action": "burst", "messages": 5000 },
                { "at": "1m30s", "action": "stop", "devices": "EL-00*" },
                { "at": "1h2m3s", "action": "start", "devices": "EL-00?1" },
                { "at": "2h", "action": "stop", "district": "640106" },
                { "at": "2h", "action": "start", "district": "640106" },
              ] }
            """);

        scenario.Description.ShouldBe("demo");
        scenario.Steps.Select(s => (s.Index, s.At, s.GetType())).ShouldBe(
        [
            (0, TimeSpan.FromSeconds(30), typeof(TrapStep)),
            (1, TimeSpan.FromSeconds(45), typeof(ReleaseStep)),
            (2, TimeSpan.FromMinutes(1), typeof(FaultStep)),
            (3, TimeSpan.FromMinutes(1), typeof(BurstStep)),
            (4, TimeSpan.FromSeconds(90), typeof(StopStep)),
            (5, new TimeSpan(1, 2, 3), typeof(StartStep)),
            (6, TimeSpan.FromHours(2), typeof(StopStep)),
            (7, TimeSpan.FromHours(2), typeof(StartStep)),
        ]);
        scenario.Steps[0].ShouldBe(new TrapStep { Index = 0, At = TimeSpan.FromSeconds(30), Elevator = "EL-0003", Note = "watch the wall" });
        var fault = scenario.Steps[2].ShouldBeOfType<FaultStep>();
        fault.Code.ShouldBe("02");
        fault.For.ShouldBe(TimeSpan.FromMinutes(2));
        var burst = scenario.Steps[3].ShouldBeOfType<BurstStep>();
        burst.Messages.ShouldBe(5000);
        burst.Devices.ShouldBeNull();
        var stop = scenario.Steps[4].ShouldBeOfType<StopStep>();
        stop.Devices!.IsMatch("EL-0012").ShouldBeTrue();
        stop.Devices!.IsMatch("EL-0120").ShouldBeFalse();
        var start = scenario.Steps[5].ShouldBeOfType<StartStep>();
        start.Devices!.IsMatch("EL-0031").ShouldBeTrue();
        start.Devices!.IsMatch("EL-0311").ShouldBeFalse();
        scenario.Steps[0].ToString().ShouldBe("trap a passenger in EL-0003 until released");
        scenario.Steps[2].ToString().ShouldBe("raise fault 02 on EL-0005 for 2m");
        stop.District.ShouldBeNull();
        stop.ToString().ShouldBe("stop EL-00*");
        scenario.Steps[6].ShouldBe(new StopStep { Index = 6, At = TimeSpan.FromHours(2), District = "640106" });
        scenario.Steps[7].ToString().ShouldBe("start district 640106");
    }

    public static TheoryData<string, string> BadScenarios() => new()
    {
        { "{\"steps\": [", "not valid JSON: " },
        { "[]", "expected an object with a \"steps\" list, got a list" },
        { "{\"step\": []}", "step: not a field (allowed: description, steps)" },
        { "{}", "steps: required list is missing" },
        { "{\"steps\": {}}", "steps: expected a list, got an object" },
        { "{\"steps\": []}", "steps: the list is empty" },
        { "{\"steps\": [42]}", "steps[0]: expected an object, got 42" },
        { Step("\"action\": \"trap\", \"elevator\": \"EL-0001\""), "steps[0].at: required field is missing" },
        { Step("\"at\": \"30s\", \"elevator\": \"EL-0001\""), "steps[0].action: required field is missing" },
        { Step("\"at\": \"30s\", \"action\": \"explode\""), "steps[0].action: \"explode\" is not one of trap, release, fault, burst, stop, start" },
        { Step("\"at\": \"30s\", \"action\": \"trap\""), "steps[0].elevator: required field is missing" },
        { Step("\"at\": \"30s\", \"action\": 7"), "steps[0].action: 7 is not one of trap, release, fault, burst, stop, start" },
        { Step("\"at\": \"30s\", \"action\": \"trap\", \"elevator\": null"), "steps[0].elevator: expected a string, got null" },
        { Step("\"at\": \"200h\", \"action\": \"release\", \"elevator\": \"EL-0001\""), "steps[0].at: 200h is outside 0s..168h" },
        { Step("\"at\": \"soon\", \"action\": \"trap\", \"elevator\": \"EL-0001\""), "steps[0].at: \"soon\" is not a duration such as \"45s\", \"2m\" or \"1h30m\"" },
        { Step("\"at\": 30, \"action\": \"trap\", \"elevator\": \"EL-0001\""), "steps[0].at: expected a duration such as \"45s\", got 30" },
        { Step("\"at\": \"30s\", \"action\": \"trap\", \"elevator\": \"EL-0001\", \"code\": \"02\""), "steps[0].code: not a field of action \"trap\" (allowed: action, at, note, elevator, for)" },
        { Step("\"at\": \"30s\", \"action\": \"trap\", \"elevator\": \"EL 1\""), "steps[0].elevator: \"EL 1\" is not a device id (letters, digits, '-' and '_')" },
        { Step("\"at\": \"30s\", \"action\": \"trap\", \"elevator\": \"EL-0001\", \"for\": \"0s\""), "steps[0].for: 0s is outside 1s..168h" },
        { Step("\"at\": \"30s\", \"action\": \"fault\", \"elevator\": \"EL-0001\", \"code\": \"99\""), "steps[0].code: \"99\" is not a fault code (01, 02, 03," },
        { Step("\"at\": \"30s\", \"action\": \"burst\", \"messages\": 0"), "steps[0].messages: 0 is outside 1..1000000" },
        { Step("\"at\": \"30s\", \"action\": \"burst\", \"messages\": \"many\""), "steps[0].messages: expected a whole number, got \"many\"" },
        { Step("\"at\": \"30s\", \"action\": \"burst\", \"messages\": 2.5"), "steps[0].messages: expected a whole number, got 2.5" },
        { Step("\"at\": \"30s\", \"action\": \"stop\", \"devices\": \"EL 0*\""), "steps[0].devices: \"EL 0*\" is not a device pattern (id characters, '*' and '?')" },
        { Step("\"at\": \"30s\", \"action\": \"stop\""), "steps[0]: action \"stop\" needs \"devices\" or \"district\"" },
        { Step("\"at\": \"30s\", \"action\": \"start\", \"devices\": \"EL-*\", \"district\": \"640104\""), "steps[0]: action \"start\" takes \"devices\" or \"district\", not both" },
        { Step("\"at\": \"30s\", \"action\": \"stop\", \"district\": \"6401 04\""), "steps[0].district: \"6401 04\" is not a district id such as \"640104\" (letters, digits, '-' and '_')" },
        { Step("\"at\": \"30s\", \"action\": \"stop\", \"district\": 1"), "steps[0].district: expected a string, got 1" },
        { Step("\"at\": \"30s\", \"action\": \"stop\", \"elevator\": \"EL-0001\""), "steps[0].elevator: not a field of action \"stop\" (allowed: action, at, note, devices, district)" },
        { Step("\"at\": \"30s\", \"action\": \"burst\", \"messages\": 5, \"district\": \"640104\""), "steps[0].district: not a field of action \"burst\" (allowed: action, at, note, messages, devices)" },
        {
            "{\"steps\": [{\"at\": \"30s\", \"action\": \"stop\", \"devices\": \"EL-*\"}, {\"at\": \"10s\", \"action\": \"start\", \"devices\": \"EL-*\"}]}",
            "steps[1].at: 10s is before the 30s of steps[0]; list the steps in time order"
        },
    };

    [Theory]
    [MemberData(nameof(BadScenarios))]
    public void Parse_BadScenario_NamesTheStepFieldAndProblem(string json, string expected)
    {
        Should.Throw<ScenarioException>(() => ScenarioParser.Parse(json)).Message.ShouldStartWith(expected);
    }

    [Theory]
    [InlineData("\"action\": \"trap\", \"elevator\": \"EL-0099\"", "steps[0].elevator: \"EL-0099\" is not an elevator in the credentials file")]
    [InlineData("\"action\": \"trap\", \"elevator\": \"BS-00001\"", "steps[0].elevator: \"BS-00001\" is not an elevator in the credentials file")]
    [InlineData("\"action\": \"stop\", \"devices\": \"XY-*\"", "steps[0].devices: \"XY-*\" matches no device in the credentials file")]
    [InlineData("\"action\": \"burst\", \"messages\": 10, \"devices\": \"BS-*\"", "steps[0].devices: \"BS-*\" matches no elevator in the credentials file (bursts are elevator statuses)")]
    [InlineData("\"action\": \"stop\", \"district\": \"640105\"", "steps[0].district: \"640105\" is not a district of city.json (640104, 640106)")]
    public void CheckAgainst_NamesMissingDevices(string fields, string expected)
    {
        var scenario = ScenarioParser.Parse(Step($"\"at\": \"1s\", {fields}"));

        Should.Throw<ScenarioException>(() => ScenarioParser.CheckAgainst(scenario, [.. DemoDevices], DemoMap)).Message.ShouldBe(expected);
    }

    [Fact]
    public void CheckAgainst_DistrictWithoutSimulatedDevices_IsRefused()
    {
        var scenario = ScenarioParser.Parse(Step("\"at\": \"1s\", \"action\": \"stop\", \"district\": \"640106\""));
        var in640106 = DemoMap.DevicesIn("640106");

        ScenarioParser.CheckAgainst(scenario, [.. DemoDevices], DemoMap);
        Should.Throw<ScenarioException>(() => ScenarioParser.CheckAgainst(scenario, [.. DemoDevices.Where(d => !in640106.Contains(d.Id))], DemoMap))
            .Message.ShouldBe("steps[0].district: 640106 has no device in the credentials file");
    }

    /// <summary>Every scenario file that ships in simulators/scenarios (copied beside the tests).</summary>
    public static TheoryData<string> ShippedScenarios() =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "scenarios"), "*.json").Select(f => Path.GetFileName(f)).Order()];

    [Theory]
    [MemberData(nameof(ShippedScenarios))]
    public void ShippedScenario_LoadsAndFitsTheDefaultDemoCity(string file)
    {
        var scenario = ScenarioParser.Load(Path.Combine(AppContext.BaseDirectory, "scenarios", file), s => ScenarioParser.CheckAgainst(s, [.. DemoDevices], DemoMap));

        scenario.Description.ShouldNotBeNullOrWhiteSpace();
        scenario.Steps.ShouldNotBeEmpty();
        scenario.Steps.ShouldAllBe(s => s.Note != null);
    }

    [Fact]
    public void DistrictOutage_TrapsThePassengerOutsideTheDarkDistrict()
    {
        var scenario = ScenarioParser.Load(Path.Combine(AppContext.BaseDirectory, "scenarios", "district-outage.json"));

        var dark = scenario.Steps.OfType<StopStep>().Single().District!;
        var trapped = scenario.Steps.OfType<TrapStep>().Single().Elevator;
        DemoMap.DevicesIn(dark).ShouldNotContain(trapped);
        DemoMap.DevicesIn(dark).ShouldContain(d => d.StartsWith("EL-"));
        DemoMap.DevicesIn(dark).ShouldContain(d => d.StartsWith("LOT-"));
    }

    [Fact]
    public void ShippedScenarios_AreTheExpectedOnes()
    {
        ShippedScenarios().Select(row => row.Data).ShouldBe(["burst.json", "district-outage.json", "trapped-passenger.json"]);
    }

    [Fact]
    public void Load_FailedCheck_PrefixesThePath()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "scenarios", "district-outage.json");

        Should.Throw<ScenarioException>(() => ScenarioParser.Load(path, s => ScenarioParser.CheckAgainst(s, [], DemoMap)))
            .Message.ShouldBe($"{path}: steps[0].district: 640106 has no device in the credentials file");
    }

    [Fact]
    public void Load_BadFile_PrefixesThePath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"cc-scenario-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{\"steps\": []}");
        try
        {
            Should.Throw<ScenarioException>(() => ScenarioParser.Load(path)).Message.ShouldBe($"{path}: steps: the list is empty");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("45s", 45)]
    [InlineData("2m", 120)]
    [InlineData("1h30m", 5400)]
    [InlineData("1h0m5s", 3605)]
    [InlineData("0s", 0)]
    public void Durations_ParseAndFormatBothWays(string text, int seconds)
    {
        ScenarioParser.TryParseDuration(text, out var duration).ShouldBeTrue();
        duration.ShouldBe(TimeSpan.FromSeconds(seconds));
        ScenarioParser.TryParseDuration(ScenarioParser.Format(duration), out var again).ShouldBeTrue();
        again.ShouldBe(duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("30")]
    [InlineData("2m1h")]
    [InlineData("-5s")]
    [InlineData("1.5m")]
    public void TryParseDuration_NotADuration_IsRefused(string text)
    {
        ScenarioParser.TryParseDuration(text, out _).ShouldBeFalse();
    }

    private static string Step(string fields) => $"{{\"steps\": [{{{fields}}}]}}";
}
