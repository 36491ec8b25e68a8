using CommandCenter.Simulators.Cli;

var root = SimulatorCli.Root(
    new CityCommand(TimeProvider.System, Console.Out, Console.Error),
    new RunCommand(TimeProvider.System, Console.Out, Console.Error),
    new LoadCommand(TimeProvider.System, Console.Out, Console.Error),
    new BrokerCommand(Console.Out, Console.Error),
    new UpgradeCommand(Console.Out, Console.Error),
    new ImportAreasCommand(TimeProvider.System, Console.Out, Console.Error));

// Ctrl-C and SIGTERM cancel the running verb's token (System.CommandLine handles both signals).
return await SimulatorCli.InvokeAsync(root.Parse(args), Console.Out, Console.Error, SimulatorCli.ShutdownGrace);
