using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace CommandCenter.Simulators.Cli;

/// <summary>The simulator tool's command line: its verbs under one root, bad usage and help.</summary>
public static class SimulatorCli
{
    /// <summary>Exit code of a bad command line: an unknown verb or option, a bad value, a missing or impossible one.</summary>
    public const int UsageExitCode = 2;

    /// <summary>
    /// After Ctrl-C or SIGTERM, how long a verb has to disconnect its devices and print its summary
    /// before the process ends anyway; shorter than the 15 s run.sh waits before it kills the simulators.
    /// </summary>
    public static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(10);

    private const string Description = "CommandCenter device simulators: a city of elevators, berth sensors, lot gates and safety apps over MQTT.";

    private const string RootNotes = "Typical demo: city --out ./data, start the command center on ./data, then run.";

    public static RootCommand Root(params IReadOnlyList<IVerb> verbs) => Root(Description, RootNotes, verbs);

    /// <summary>Another tool's command line on the same plumbing (the stack CLI behind run.sh and bench.sh).</summary>
    public static RootCommand Root(string description, string rootNotes, IReadOnlyList<IVerb> verbs)
    {
        var root = new RootCommand(description);
        foreach (var verb in verbs)
        {
            root.Subcommands.Add(verb.Command);
        }

        // The tool's help has always also been 'help'.
        var help = new Command("help", "Shows this help.") { Hidden = true };
        help.SetAction(parse => root.Parse(["--help"]).Invoke(parse.InvocationConfiguration));
        root.Subcommands.Add(help);

        var helpOption = root.Options.OfType<HelpOption>().Single();
        var notes = verbs.ToDictionary(v => v.Command, v => v.Notes);
        notes[root] = rootNotes;
        helpOption.Action = new HelpWithNotes((HelpAction)helpOption.Action!, notes);
        return root;
    }

    /// <summary>
    /// Runs what <paramref name="parse"/> asks for. A bad command line ends with <see cref="UsageExitCode"/>
    /// and the errors and the verb's help on the error stream (System.CommandLine's own error action exits
    /// with 1 and writes the help to the output). <paramref name="shutdownGrace"/>: let Ctrl-C and SIGTERM
    /// cancel the verb, giving it that long to finish; null leaves the process's signals alone (tests).
    /// </summary>
    public static Task<int> InvokeAsync(ParseResult parse, TextWriter output, TextWriter errors, TimeSpan? shutdownGrace, CancellationToken cancellationToken = default)
    {
        var configuration = new InvocationConfiguration { Output = output, Error = errors, ProcessTerminationTimeout = shutdownGrace };
        if (parse.Action is ParseErrorAction)
        {
            return Task.FromResult(UsageError(parse, configuration, [.. parse.Errors.Select(e => e.Message)]));
        }

        return parse.InvokeAsync(configuration, cancellationToken);
    }

    /// <summary>Writes the problems and the help of the verb they concern to the error stream; returns <see cref="UsageExitCode"/>.</summary>
    public static int UsageError(ParseResult parse, IReadOnlyList<string> problems) => UsageError(parse, parse.InvocationConfiguration, problems);

    private static int UsageError(ParseResult parse, InvocationConfiguration configuration, IReadOnlyList<string> problems)
    {
        foreach (var problem in problems)
        {
            configuration.Error.WriteLine($"error: {problem}");
        }

        configuration.Error.WriteLine();
        var verbs = new List<string>();
        for (var command = parse.CommandResult; command.Parent is CommandResult parent; command = parent)
        {
            verbs.Insert(0, command.Command.Name);
        }

        parse.RootCommandResult.Command.Parse([.. verbs, "--help"]).Invoke(new InvocationConfiguration { Output = configuration.Error });
        return UsageExitCode;
    }

    /// <summary>System.CommandLine's help followed by the notes of the command it is for: its help has no epilogue of its own.</summary>
    private sealed class HelpWithNotes(HelpAction help, IReadOnlyDictionary<Command, string> notes) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var exitCode = help.Invoke(parseResult);
            if (notes.TryGetValue(parseResult.CommandResult.Command, out var text))
            {
                parseResult.InvocationConfiguration.Output.WriteLine(text.TrimEnd());
            }

            return exitCode;
        }
    }
}
