using CommandCenter.Simulators.Cli;
using CommandCenter.Stack.Cli;

var root = SimulatorCli.Root(
    "CommandCenter's stack on this machine: influxd, Mosquitto, PostgreSQL, the command center and its simulators.",
    "run.sh runs 'run', bench.sh 'bench'; test.sh and reliability.sh use 'packages' and 'leftovers'; 'geodata' regenerates the committed Yinchuan data.",
    [
        new RunStackCommand(Console.Out, Console.Error),
        new BenchCommand(Console.Out, Console.Error),
        new PackagesCommand(Console.Out, Console.Error),
        new LeftoversCommand(Console.Out, Console.Error),
        new GeoDataCommand(Console.Out, Console.Error),
    ]);

// Signals are the verbs' own business: run stops what it started in order and exits 130, 143 or 129.
return await SimulatorCli.InvokeAsync(root.Parse(args), Console.Out, Console.Error, shutdownGrace: null);
