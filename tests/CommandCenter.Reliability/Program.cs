using CommandCenter.Reliability;
using CommandCenter.Reliability.Scenarios;

Scenario[] scenarios = [new InfluxOutageScenario(), new KillRestartScenario(), new FuzzScenario(), new SlowClientScenario(), new MqttFloodScenario()];
var usage = $"""
    CommandCenter reliability suite: each scenario starts its own influxd and command center on free ports,
    prints what it does, and ends with a PASS or FAIL line carrying its figures.

    Usage: CommandCenter.Reliability [--quick] [--only NAME]...
      --quick       every scenario at reduced size (minutes instead of tens of minutes)
      --only NAME   run only this scenario (repeatable)

    Scenarios:
    {string.Join(Environment.NewLine, scenarios.Select(s => $"  {s.Name,-15}{s.Summary}"))}
    """;

var quick = false;
var only = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--quick":
            quick = true;
            break;
        case "--only" when i + 1 < args.Length && scenarios.Any(s => s.Name == args[i + 1]):
            only.Add(args[++i]);
            break;
        case "-h" or "--help":
            Console.WriteLine(usage);
            return 0;
        default:
            Console.Error.WriteLine($"unknown or incomplete option '{args[i]}'\n\n{usage}");
            return 2;
    }
}

var size = new RunSize(quick);
var verdicts = new List<(string Name, bool Passed)>();
foreach (var scenario in scenarios.Where(s => only.Count == 0 || only.Contains(s.Name)))
{
    Progress.Say($"{scenario.Name}: {scenario.Summary}{(quick ? " (quick)" : "")}");
    ScenarioOutcome outcome;
    try
    {
        outcome = await scenario.RunAsync(size);
    }
    catch (Exception ex)
    {
        outcome = new ScenarioOutcome(false, $"stopped by {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}");
    }

    Console.WriteLine($"{(outcome.Passed ? "PASS" : "FAIL")} {scenario.Name}: {outcome.Figures}");
    verdicts.Add((scenario.Name, outcome.Passed));
}

Console.WriteLine($"{verdicts.Count(v => v.Passed)} passed, {verdicts.Count(v => !v.Passed)} failed");
return verdicts.All(v => v.Passed) ? 0 : 1;
