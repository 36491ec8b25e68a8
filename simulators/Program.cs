using CommandCenter.Simulators.Cli;
using CommandCenter.Simulators.Elevators;

if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
{
    Console.WriteLine(SimulatorOptions.Usage);
    return args.Length == 0 ? 2 : 0;
}

if (args[0] != "run")
{
    Console.Error.WriteLine($"unknown command '{args[0]}'\n\n{SimulatorOptions.Usage}");
    return 2;
}

var (options, error) = SimulatorOptions.Parse(args[1..]);
if (options is null)
{
    Console.Error.WriteLine($"error: {error}\n\n{SimulatorOptions.Usage}");
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

await new ElevatorFleet(options, TimeProvider.System, Console.Out).RunAsync(stop.Token);
return 0;
