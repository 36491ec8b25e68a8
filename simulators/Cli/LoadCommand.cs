using CommandCenter.Protocol;
using CommandCenter.Simulators.City;
using CommandCenter.Simulators.Load;

namespace CommandCenter.Simulators.Cli;

/// <summary>Options of <c>load</c>.</summary>
public sealed record LoadOptions
{
    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 1883;

    public string Credentials { get; init; } = Path.Combine(".", "data", DemoCity.CredentialsFileName);

    public int Devices { get; init; } = 100;

    public int Rate { get; init; } = 1000;

    public int DurationSeconds { get; init; } = 30;

    public int Seed { get; init; } = 1;
}

/// <summary><c>load</c>: elevator statuses from N devices at a fixed total rate, with latency percentiles.</summary>
public sealed class LoadCommand(TimeProvider time, TextWriter output, TextWriter errors) : Verb<LoadOptions>(output, errors)
{
    public static CommandLine<LoadOptions> Line { get; } = new(
        "load",
        "Load test: elevator statuses from N devices at a total rate; reports throughput and publish latency.",
        new LoadOptions(),
        [
            Option.Text<LoadOptions>("--host", "HOST", "MQTT broker host", o => o.Host, (o, v) => o with { Host = v }),
            Option.Int<LoadOptions>("--port", "PORT", "MQTT broker port", 1, 65535, o => o.Port, (o, v) => o with { Port = v }),
            Option.Text<LoadOptions>("--credentials", "FILE", "credentials file; its first N elevators publish", o => o.Credentials, (o, v) => o with { Credentials = v }),
            Option.Int<LoadOptions>("--devices", "N", "simulated elevators, one MQTT session each", 1, 100_000, o => o.Devices, (o, v) => o with { Devices = v }),
            Option.Int<LoadOptions>("--rate", "MSG_PER_S", "total statuses per second", 1, 1_000_000, o => o.Rate, (o, v) => o with { Rate = v }),
            Option.Int<LoadOptions>("--duration", "SECONDS", "how long to publish", 1, 86_400, o => o.DurationSeconds, (o, v) => o with { DurationSeconds = v }),
            Option.Int<LoadOptions>("--seed", "N", "seed of the elevators' moves", int.MinValue, int.MaxValue, o => o.Seed, (o, v) => o with { Seed = v }),
        ],
        """
        Connects N elevators of the credentials file (a bigger city: city --out DIR --elevators N --force,
        the command center must read the new devices.json), then publishes valid status
        reports (QoS 1) spread over them at the total rate. Each device has at most one publish awaiting
        its PUBACK, so sequence numbers stay in order; if every device is busy the test falls behind and
        the achieved rate shows it. Prints progress every second (sent, acknowledged, rejected, in flight,
        current rate) and a summary: sent / acknowledged / rejected / not sent, the achieved rate and
        publish -> PUBACK latency p50/p95/p99/max. Exits with 1 if nothing was acknowledged.
        """);

    protected override CommandLine<LoadOptions> CommandLine => Line;

    protected override async Task<int> ExecuteAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        IReadOnlyList<DemoCredential> elevators;
        try
        {
            elevators = [.. DemoCity.ReadCredentials(options.Credentials).Devices.Where(d => d.Kind == DeviceKind.Elevator).Take(options.Devices)];
        }
        catch (InvalidDataException ex)
        {
            Errors.WriteLine($"error: {ex.Message}");
            return 2;
        }

        if (elevators.Count < options.Devices)
        {
            Errors.WriteLine(
                $"error: {options.Credentials} has {elevators.Count} elevators, {options.Devices} asked for; " +
                $"generate a bigger city with 'city --out DIR --elevators {options.Devices} --force'");
            return 2;
        }

        var plan = new LoadPlan(options.Host, options.Port, options.Rate, TimeSpan.FromSeconds(options.DurationSeconds), options.Seed);
        var result = await new LoadTest(plan, elevators, time, Output).RunAsync(cancellationToken);
        Output.WriteLine(Report(result));
        return result.Acknowledged > 0 ? 0 : 1;
    }

    /// <summary>The end-of-test summary: counts, achieved rate and latency percentiles in milliseconds.</summary>
    public static string Report(LoadResult result) =>
        $"""
        Summary: sent {result.Sent}, acknowledged {result.Acknowledged}, rejected {result.Rejected}, not sent {result.NotSent}
        achieved {result.AchievedRate:F1} msg/s
        publish -> PUBACK latency: p50 {Ms(result.P50)}, p95 {Ms(result.P95)}, p99 {Ms(result.P99)}, max {Ms(result.Max)}
        """;

    private static string Ms(long microseconds) => $"{microseconds / 1000.0:F1} ms";
}
