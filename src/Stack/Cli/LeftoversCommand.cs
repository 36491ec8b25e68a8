using System.CommandLine;
using CommandCenter.Simulators.Cli;

namespace CommandCenter.Stack.Cli;

/// <summary>Options of <c>leftovers</c>.</summary>
public sealed record LeftoversOptions(string? Marker, int? Except);

/// <summary>
/// <c>leftovers</c>: stops the processes whose environment carries a marker. test.sh exports one before it runs
/// the tests; anything a test leaked (a broker, influxd, a browser) still carries it, even after setsid or a
/// double fork, so exactly those can be stopped and nothing else on the machine.
/// </summary>
public sealed class LeftoversCommand(TextWriter output, TextWriter errors) : Verb<LeftoversOptions>(output, errors)
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);
    private readonly Option<string?> _marker = VerbOptions.RequiredText("--marker", "NAME=VALUE", "the environment entry that marks the processes");
    private readonly Option<int?> _except = VerbOptions.OptionalWhole("--except", "PID", "a process to leave alone (the caller)", 1, int.MaxValue, "none");

    public override string Name => "leftovers";

    public override string Summary => "Stops every process whose environment holds --marker (SIGTERM, then SIGKILL after 5 s), naming each.";

    public override string Notes => "";

    protected override IEnumerable<Option> Options => [_marker, _except];

    protected override IEnumerable<Option> Required => [_marker];

    public override LeftoversOptions Read(ParseResult parse) => new(parse.GetValue(_marker), parse.GetValue(_except));

    protected override async Task<int> ExecuteAsync(LeftoversOptions options, CancellationToken cancellationToken)
    {
        var marker = options.Marker!;
        var self = Environment.ProcessId;
        foreach (var pid in MarkedProcesses(marker).Where(pid => pid != self && pid != options.Except && ChildProcess.IsAlive(pid)))
        {
            Output.WriteLine($"test.sh: stopping leftover process {pid}: {CommandLineOf(pid)}");
            await ChildProcess.StopAsync(pid, Grace);
        }

        return 0;
    }

    private static IEnumerable<int> MarkedProcesses(string marker)
    {
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid))
            {
                continue;
            }

            string[] environment;
            try
            {
                environment = File.ReadAllText(Path.Combine(folder, "environ")).Split('\0');
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (environment.Contains(marker, StringComparer.Ordinal))
            {
                yield return pid;
            }
        }
    }

    private static string CommandLineOf(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
            return text.Length > 100 ? text[..100] : text;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "(gone)";
        }
    }
}
