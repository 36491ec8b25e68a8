namespace CommandCenter.Simulators.City;

/// <summary>The size of a generated demo city; the defaults suit a small demo on one screen.</summary>
public sealed record DemoCityOptions
{
    public int Elevators { get; init; } = 24;

    public int Berths { get; init; } = 60;

    public int Lots { get; init; } = 3;

    /// <summary>Handheld apps; the elevators are split evenly between them.</summary>
    public int Apps { get; init; } = 3;

    /// <summary>Decides the split of each app's elevators into user units (secrets stay random).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>What makes these options unusable, or null when they are fine.</summary>
    public string? Problem => (Elevators, Berths, Lots, Apps) switch
    {
        (< 1, _, _, _) => $"a city needs at least one elevator, got {Elevators}",
        (_, < 0, _, _) or (_, _, < 0, _) or (_, _, _, < 0) => "counts cannot be negative",
        (_, > 0, 0, _) => $"{Berths} berth sensors need at least one lot to belong to",
        _ when Apps > Elevators => $"{Apps} apps cannot share {Elevators} elevators: every app serves at least one",
        _ => null,
    };
}
