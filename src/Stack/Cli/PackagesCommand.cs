using System.CommandLine;
using CommandCenter.Simulators.Cli;

namespace CommandCenter.Stack.Cli;

/// <summary>Options of <c>packages</c>: the Debian packages to make sure of.</summary>
public sealed record PackagesOptions(IReadOnlyList<DebianPackage> Packages);

/// <summary><c>packages</c>: installs the system packages test.sh and reliability.sh need when they are missing.</summary>
public sealed class PackagesCommand(TextWriter output, TextWriter errors) : Verb<PackagesOptions>(output, errors)
{
    private readonly Argument<string[]> _names = new("PACKAGE")
    {
        Description = $"Debian packages: {string.Join(", ", DebianPackages.Known.Select(p => p.Name))}",
        Arity = ArgumentArity.OneOrMore,
        Validators =
        {
            result =>
            {
                foreach (var name in result.Tokens.Select(t => t.Value).Where(name => DebianPackages.Known.All(p => p.Name != name)))
                {
                    result.AddError($"unknown package '{name}'; known: {string.Join(", ", DebianPackages.Known.Select(p => p.Name))}");
                }
            },
        },
    };

    public override string Name => "packages";

    public override string Summary => "Installs the named Debian packages that are missing (as root, with apt-get); otherwise names the command to run.";

    public override string Notes =>
        """
        A package counts as missing when a file it installs is absent (influxdb: /usr/bin/influxd, ...). No service
        of a package is started: the scripts and tests run their own servers on their own ports. Exit code 1
        when a package stays missing.
        """;

    protected override IEnumerable<Argument> Arguments => [_names];

    protected override IEnumerable<Option> Options => [];

    public override PackagesOptions Read(ParseResult parse) =>
        new([.. parse.GetValue(_names)!.Select(name => DebianPackages.Known.Single(p => p.Name == name))]);

    protected override async Task<int> ExecuteAsync(PackagesOptions options, CancellationToken cancellationToken) =>
        await DebianPackages.EnsureAsync(options.Packages, Errors) ? 0 : 1;
}
