using CommandCenter.Simulators.Cli;

IVerb[] verbs =
[
    new CityCommand(TimeProvider.System, Console.Out, Console.Error),
    new RunCommand(TimeProvider.System, Console.Out, Console.Error),
    new LoadCommand(TimeProvider.System, Console.Out, Console.Error),
    new BrokerCommand(Console.Out, Console.Error),
    new UpgradeCommand(Console.Out, Console.Error),
];
var usage = $"""
    CommandCenter device simulators: a city of elevators, berth sensors, lot gates and safety apps over MQTT.

    Usage:
      CommandCenter.Simulators <verb> [options]
      CommandCenter.Simulators <verb> --help

    Verbs:
    {string.Join(Environment.NewLine, verbs.Select(v => $"  {v.Name,-8}{v.Summary}"))}

    Typical demo: city --out ./data, start the command center on ./data, then run.
    """;

if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
{
    Console.WriteLine(usage);
    return args.Length == 0 ? 2 : 0;
}

if (verbs.FirstOrDefault(v => v.Name == args[0]) is not { } verb)
{
    Console.Error.WriteLine($"unknown verb '{args[0]}'\n\n{usage}");
    return 2;
}

// Lives as long as the process: ProcessExit may fire after Main returns.
var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();

return await verb.RunAsync(args[1..], stop.Token);
