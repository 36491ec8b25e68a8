namespace CommandCenter.Simulators.Cli;

/// <summary>A verb of the simulator tool.</summary>
public interface IVerb
{
    string Name { get; }

    /// <summary>One line for the tool's help.</summary>
    string Summary { get; }

    string Usage { get; }

    /// <summary>Runs the verb with the arguments after its name; returns the process exit code.</summary>
    Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken);
}

/// <summary>Shared handling of --help and bad options (exit code 2 with the usage).</summary>
public abstract class Verb<T>(TextWriter output, TextWriter errors) : IVerb
    where T : class
{
    public string Name => CommandLine.Verb;

    public string Summary => CommandLine.Summary;

    public string Usage => CommandLine.Usage;

    protected TextWriter Output { get; } = output;

    protected TextWriter Errors { get; } = errors;

    protected abstract CommandLine<T> CommandLine { get; }

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        if (args.Any(a => a is "--help" or "-h"))
        {
            Output.WriteLine(Usage);
            return 0;
        }

        var (options, error) = CommandLine.Parse(args);
        if (options is null)
        {
            Errors.WriteLine($"error: {error}\n\n{Usage}");
            return 2;
        }

        return await ExecuteAsync(options, cancellationToken);
    }

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
}
