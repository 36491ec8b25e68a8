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

    public bool Build { get; init; } = true;

    public bool Keep { get; init; }

    public string JsonFile { get; init; } = Path.GetFullPath("bench.json");

    /// <summary>
    /// The simulators' <c>city</c> arguments after <c>--out DIR</c>. About one elevator in twenty is an escalator, and the
    /// load drives lifts only: the quick city gets a tenth more elevators than devices, so it has a lift for each.
    /// </summary>
    public IReadOnlyList<string> CityArguments => Full ? ["--preset", "yinchuan"] : ["--preset", "demo", "--elevators", $"{Devices + Devices / 10 + 10}"];
}
