namespace CommandCenter.Reliability;

/// <summary>How big a run is: <c>--quick</c> shrinks every scenario so the whole suite takes minutes.</summary>
public sealed record RunSize(bool Quick)
{
    /// <summary><paramref name="full"/> normally, <paramref name="quick"/> with <c>--quick</c>.</summary>
    public T Pick<T>(T full, T quick) => Quick ? quick : full;
}

/// <summary>The verdict of one scenario and the figures it rests on, printed as its last line.</summary>
public sealed record ScenarioOutcome(bool Passed, string Figures);

/// <summary>One reliability scenario: it prints what it does as it goes and ends with a verdict.</summary>
public abstract class Scenario(string name, string summary)
{
    public string Name { get; } = name;

    public string Summary { get; } = summary;

    public abstract Task<ScenarioOutcome> RunAsync(RunSize size);

    /// <summary>A progress line, stamped with the time since the suite started.</summary>
    protected void Say(string text) => Progress.Say($"{Name}: {text}");
}

public static class Progress
{
    private static readonly DateTime Started = DateTime.UtcNow;

    public static void Say(string text) => Console.WriteLine($"[{(DateTime.UtcNow - Started).TotalSeconds,4:F0}s] {text}");
}
