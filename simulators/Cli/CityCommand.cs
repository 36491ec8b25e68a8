using CommandCenter.Simulators.City;

namespace CommandCenter.Simulators.Cli;

/// <summary>Options of <c>city</c>: where to write and how big a city.</summary>
public sealed record CityOptions
{
    public string? Out { get; init; }

    public bool Force { get; init; }

    public DemoCityOptions City { get; init; } = new();
}

/// <summary><c>city</c>: writes a demo city's device registry and plain-text credentials.</summary>
public sealed class CityCommand(TextWriter output, TextWriter errors) : Verb<CityOptions>(output, errors)
{
    public static CommandLine<CityOptions> Line { get; } = new(
        "city",
        "Generates the demo city: the device registry the command center reads and the devices' plain-text credentials.",
        new CityOptions(),
        [
            Option.Text<CityOptions>("--out", "DIR", "folder for devices.json and demo-credentials.json, e.g. the command center's data folder", o => o.Out, (o, v) => o with { Out = v }, defaultText: "required"),
            Option.Int<CityOptions>("--elevators", "N", "elevators EL-0001..", 1, 100_000, o => o.City.Elevators, (o, v) => o with { City = o.City with { Elevators = v } }),
            Option.Int<CityOptions>("--berths", "N", "berth sensors BS-00001..", 0, 100_000, o => o.City.Berths, (o, v) => o with { City = o.City with { Berths = v } }),
            Option.Int<CityOptions>("--lots", "N", "parking lot gate counters LOT-001..", 0, 10_000, o => o.City.Lots, (o, v) => o with { City = o.City with { Lots = v } }),
            Option.Int<CityOptions>("--apps", "N", "safety officers' and technicians' apps APP-001.., each serving an even share of the elevators", 0, 10_000, o => o.City.Apps, (o, v) => o with { City = o.City with { Apps = v } }),
            Option.Int<CityOptions>("--seed", "S", "seed of the city's layout (the user units of each app)", int.MinValue, int.MaxValue, o => o.City.Seed, (o, v) => o with { City = o.City with { Seed = v } }),
            Option.Flag<CityOptions>("--force", "overwrite existing files (invalidates every device's old secret)", o => o with { Force = true }),
        ],
        """
        Each app serves an even, contiguous share of the elevators, grouped into user units UNIT-001..
        of about 12 elevators (monthly minutes are filed per unit). Everything but the secrets is the same
        for the same seed. Secrets are random 128-bit tokens, new on every generation and never derived
        from the seed, so a demo left reachable on a network is not open to anyone who knows the default
        seed; devices.json keeps only salted SHA-256 hashes of them. Existing files are left alone unless
        --force is given, so rerunning keeps the secrets the command center already knows.

        Connect as a device (MQTT 5, QoS 1; username and client id = device id, password = its secret):
          mosquitto_pub -V mqttv5 -q 1 -i EL-0001 -u EL-0001 -P SECRET -t cc/v1/elevators/EL-0001/status -m '{...}'
        """,
        o => o.Out is null ? "--out is required" : o.City.Problem);

    protected override CommandLine<CityOptions> CommandLine => Line;

    protected override Task<int> ExecuteAsync(CityOptions options, CancellationToken cancellationToken)
    {
        var city = DemoCity.Generate(options.City);
        var folder = Path.GetFullPath(options.Out!);
        if (!city.WriteTo(folder, options.Force))
        {
            Output.WriteLine($"Kept the existing city in {folder} ({DemoCity.RegistryFileName}, {DemoCity.CredentialsFileName}); use --force to replace it.");
            return Task.FromResult(0);
        }

        Output.WriteLine($"Wrote {Path.Combine(folder, DemoCity.RegistryFileName)} and {Path.Combine(folder, DemoCity.CredentialsFileName)}:");
        Output.WriteLine($"  {city.Credentials.Note}");
        return Task.FromResult(0);
    }
}
