namespace CommandCenter.Stack.Bench;

/// <summary>What <c>./bench.sh</c> was asked for, the mode's values filled in where no option overrides them.</summary>
public sealed record BenchOptions
{
    /// <summary>The Yinchuan city and the RSS goal; otherwise the quick demo city.</summary>
    public bool Full { get; init; }

    public bool BothModes { get; init; }

    public string Mode => Full ? "full" : "quick";

    public int Devices { get; init; } = 1000;

    public int Rate { get; init; } = 20_000;

    public int DurationSeconds { get; init; } = 15;

    public int Alarms { get; init; } = 30;

    public int Background { get; init; } = 2500;

    /// <summary>The second alarm phase's rate: alarms must still reach the console within 200 ms at four times the baseline (issue #19).</summary>
    public int HeavyBackground { get; init; } = 10_000;

    /// <summary>
    /// The tracing phase's rate, the Yinchuan baseline by default; another rate shows how the cost per traced message
    /// depends on the load (docs/benchmarks.md).
    /// </summary>
    public int TracingRate { get; init; } = 2500;

    /// <summary>How many times the whole measurement runs; with more than one, each figure is given as median, min and max.</summary>
    public int Runs { get; init; } = 1;

    /// <summary>Load processes driving the broker-only baseline together, each with its share of the devices and rate.</summary>
    public int Generators { get; init; } = 2;

    /// <summary>The broker-only baseline's total target: above what Mosquitto reaches here, so the generators never cap it.</summary>
    public int BrokerOnlyRate { get; init; } = 400_000;

    /// <summary>Seconds of load at the background rate before the warm-up starts watching whether the JIT has settled.</summary>
    public int WarmupSeconds { get; init; } = 5;

    public bool Build { get; init; } = true;

    public bool Keep { get; init; }

    public string JsonFile { get; init; } = Path.GetFullPath("bench.json");

    /// <summary>
    /// The simulators' <c>city</c> arguments after <c>--out DIR</c>. About one elevator in twenty is an escalator, and the
    /// load drives lifts only: the quick city gets a tenth more elevators than devices, so it has a lift for each.
    /// </summary>
    public IReadOnlyList<string> CityArguments => Full ? ["--preset", "yinchuan"] : ["--preset", "demo", "--elevators", $"{Devices + Devices / 10 + 10}"];
}
