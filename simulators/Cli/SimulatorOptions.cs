using System.Globalization;

namespace CommandCenter.Simulators.Cli;

/// <summary>Command-line options of <c>run</c>; every option has a default that suits a demo.</summary>
public sealed record SimulatorOptions
{
    public const string Usage = """
        CommandCenter device simulators: stand-in elevators that publish live status over MQTT.

        Usage:
          CommandCenter.Simulators run [options]
          CommandCenter.Simulators --help

        Options:
          --host HOST          MQTT broker host (default 127.0.0.1)
          --port PORT          MQTT broker port (default 1883)
          --elevators N        number of simulated elevators, 1-100000 (default 24)
          --heartbeat SECONDS  status interval while an elevator stands idle (default 10)
          --seed N             random seed; the same seed gives the same city and moves (default 1)
          --duration SECONDS   stop after this long (default: run until Ctrl-C)

        Elevators step once a second and publish their status (QoS 1) on every change and
        every heartbeat while idle, on cc/v1/elevators/{id}/status (see docs/protocol.md).
        Progress is printed every 10 seconds.
        """;

    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 1883;

    public int Elevators { get; init; } = 24;

    public int HeartbeatSeconds { get; init; } = 10;

    public int Seed { get; init; } = 1;

    public TimeSpan? Duration { get; init; }

    /// <summary>Parses the options after the verb; returns an error message instead of throwing.</summary>
    public static (SimulatorOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var options = new SimulatorOptions();
        for (var i = 0; i < args.Count; i++)
        {
            if (i + 1 >= args.Count)
            {
                return (null, $"option {args[i]} needs a value");
            }

            var value = args[++i];
            (options, var error) = args[i - 1] switch
            {
                "--host" => (options with { Host = value }, null),
                "--port" => WithInt(value, 1, 65535, "--port", v => options with { Port = v }),
                "--elevators" => WithInt(value, 1, 100_000, "--elevators", v => options with { Elevators = v }),
                "--heartbeat" => WithInt(value, 1, 3600, "--heartbeat", v => options with { HeartbeatSeconds = v }),
                "--seed" => WithInt(value, int.MinValue, int.MaxValue, "--seed", v => options with { Seed = v }),
                "--duration" => WithInt(value, 1, 31_536_000, "--duration", v => options with { Duration = TimeSpan.FromSeconds(v) }),
                var unknown => (options, $"unknown option {unknown}"),
            };
            if (error is not null)
            {
                return (null, error);
            }
        }

        return (options, null);
    }

    private static (SimulatorOptions, string?) WithInt(
        string text, int min, int max, string name, Func<int, SimulatorOptions> apply) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? (apply(value), null)
            : (null!, $"{name} must be a whole number from {min} to {max}, got '{text}'");
}
