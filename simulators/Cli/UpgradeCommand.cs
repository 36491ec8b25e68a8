using System.CommandLine;
using CommandCenter.Protocol;
using CommandCenter.Simulators.City;

namespace CommandCenter.Simulators.Cli;

/// <summary>Options of <c>upgrade</c>.</summary>
public sealed record UpgradeOptions
{
    public string? City { get; init; }
}

/// <summary><c>upgrade</c>: brings a city file written by an older build up to this build's version, in place (<see cref="CityTopologyFile.Upgrade"/>).</summary>
public sealed class UpgradeCommand(TextWriter output, TextWriter errors) : Verb<UpgradeOptions>(output, errors)
{
    private readonly Option<string?> _city = VerbOptions.RequiredText("--city", "FILE", "the city file, e.g. the data folder's city.json");

    public override string Name => "upgrade";

    public override string Summary => $"Upgrades a city file of an older version in place to version {CityTopology.CurrentVersion}, keeping everything in it.";

    public override string Notes { get; } =
        $"""
        Version 1 (before departments) gains the default functional departments that work orders are
        dispatched to:
        {string.Join(Environment.NewLine, Department.Defaults.Select(d => $"  {d.Id,-6}{d.Name}"))}
        A version 1 file that already has a "departments" list keeps it. Edit the list afterwards if the
        city's departments differ; ids are short codes that work orders and department users refer to.
        Version 2 (before phone numbers) keeps every safety officer's and safety director's name as
        a "name" and an empty "phone" and gives every firm an empty "onCall" list: a real city's numbers cannot
        be made up, so nobody is texted or mentioned by number until they are filled in by hand (firms'
        on-call contacts in calling order, and optionally a district's "commandCenter" duty line).
        Version 3 (escalators counted as lifts) gives every elevator a "kind": those with "escalator": true
        become "escalator", the others "elevator". Their ids stay, so alarms, records and history stay
        theirs; their devices in devices.json and demo-credentials.json beside the city are re-registered
        as escalator (same secrets), and from then on publish on cc/v1/escalators/ID/status and event.
        The file is replaced at once (written beside it, then renamed); a file already at the current
        version is left as it is. The command center reads the city at start: restart it afterwards.
        """;

    protected override IEnumerable<Option> Options => [_city];

    protected override IEnumerable<Option> Required => [_city];

    public override UpgradeOptions Read(ParseResult parse) => new() { City = parse.GetValue(_city) };

    protected override Task<int> ExecuteAsync(UpgradeOptions options, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(options.City!);
        try
        {
            var from = CityTopologyFile.Upgrade(path);
            var city = CityTopologyFile.Load(path);
            var reregistered = from < 4 ? DemoCity.RegisterEscalators(Path.GetDirectoryName(path)!, city) : 0;
            var departments = string.Join(", ", city.Departments.Select(d => $"{d.Id} {d.Name}"));
            Output.WriteLine(from == CityTopology.CurrentVersion
                ? $"{path} is already version {from}; nothing to do. Departments: {departments}"
                : $"Upgraded {path} from version {from} to {CityTopology.CurrentVersion}. Departments: {departments}");
            if (from < 4)
            {
                Output.WriteLine($"Escalators: {city.Elevators.Count(e => e.Escalator)}; {reregistered} of their devices re-registered as escalator in {DemoCity.RegistryFileName}.");
            }

            var withoutPhone = city.Elevators.Count(e => !e.SafetyOfficer.HasPhone) + city.Units.Count(u => !u.SafetyDirector.HasPhone);
            var withoutOnCall = city.Firms.Count(f => f.OnCall.Count == 0);
            if (withoutPhone + withoutOnCall > 0)
            {
                Output.WriteLine(
                    $"Not known, to fill in by hand: {withoutPhone} safety officers' and directors' phones, {withoutOnCall} firms' on-call contacts. " +
                    "Until then a trapped passenger's notifications reach only group robots and the consoles.");
            }
            return Task.FromResult(0);
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            Errors.WriteLine($"error: {ex.Message}");
            return Task.FromResult(1);
        }
    }
}
