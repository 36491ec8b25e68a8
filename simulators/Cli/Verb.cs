using System.CommandLine;

namespace CommandCenter.Simulators.Cli;

/// <summary>A verb of the simulator tool: a System.CommandLine command and what its --help adds after the options.</summary>
public interface IVerb
{
    /// <summary>The verb's options, their checks and its action.</summary>
    Command Command { get; }

    /// <summary>The notes --help prints after the options: file formats, tables, examples.</summary>
    string Notes { get; }
}

/// <summary>
/// A verb whose options are read into a record <typeparamref name="T"/>: builds the command from the
/// options, checks the required ones and the options together, and runs with the record.
/// </summary>
public abstract class Verb<T>(TextWriter output, TextWriter errors) : IVerb
    where T : class
{
    private Command? _command;
    private RootCommand? _alone;

    public Command Command => _command ??= Build();

    public abstract string Name { get; }

    /// <summary>One line for the tool's help.</summary>
    public abstract string Summary { get; }

    public abstract string Notes { get; }

    protected TextWriter Output { get; } = output;

    protected TextWriter Errors { get; } = errors;

    /// <summary>The options in the order --help lists them.</summary>
    protected abstract IEnumerable<Option> Options { get; }

    /// <summary>Values given without an option name, after the options in --help.</summary>
    protected virtual IEnumerable<Argument> Arguments => [];

    /// <summary>The options without which the verb does nothing.</summary>
    protected virtual IEnumerable<Option> Required => [];

    /// <summary>Parses the arguments after the verb's name as the tool does, with this verb alone.</summary>
    public ParseResult Parse(IReadOnlyList<string> args) => (_alone ??= SimulatorCli.Root(this)).Parse([Name, .. args]);

    /// <summary>Runs the verb with the arguments after its name; returns the process exit code.</summary>
    public Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken) =>
        SimulatorCli.InvokeAsync(Parse(args), Output, Errors, shutdownGrace: null, cancellationToken);

    /// <summary>The options of a parse without errors, defaults filled in.</summary>
    public abstract T Read(ParseResult parse);

    /// <summary>What is wrong with the options taken together (an impossible city, say); reported like a bad option.</summary>
    protected virtual string? Problem(T options) => null;

    protected abstract Task<int> ExecuteAsync(T options, CancellationToken cancellationToken);

    /// <summary>Writes a warning and its first details to the error stream; a city can disagree in thousands of ways.</summary>
    protected void Warn(string headline, IReadOnlyList<string> details)
    {
        const int shown = 10;
        Errors.WriteLine($"warning: {headline}");
        foreach (var detail in details.Take(shown))
        {
            Errors.WriteLine($"  {detail}");
        }

        if (details.Count > shown)
        {
            Errors.WriteLine($"  and {details.Count - shown} more");
        }
    }

    private Command Build()
    {
        var command = new Command(Name, Summary);
        foreach (var option in Options)
        {
            command.Options.Add(option);
        }

        foreach (var argument in Arguments)
        {
            command.Arguments.Add(argument);
        }

        foreach (var option in Required)
        {
            command.Validators.Add(result =>
            {
                if (result.GetResult(option) is null)
                {
                    result.AddError($"{option.Name} is required");
                }
            });
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = Read(parse);
            return Problem(options) is { } problem
                ? SimulatorCli.UsageError(parse, [problem])
                : await ExecuteAsync(options, cancellationToken);
        });
        return command;
    }
}
