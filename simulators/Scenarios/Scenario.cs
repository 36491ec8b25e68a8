namespace CommandCenter.Simulators.Scenarios;

/// <summary>What a scenario step does.</summary>
public enum ScenarioAction
{
    /// <summary>Trap a passenger in an elevator (fault 11), for a while or until released.</summary>
    Trap,

    /// <summary>Clear an elevator's active fault: the passenger is rescued, the fault fixed.</summary>
    Release,

    /// <summary>Raise a fault code on an elevator, for a while or until released.</summary>
    Fault,

    /// <summary>Send a number of extra elevator statuses at once, spread over the matching elevators.</summary>
    Burst,

    /// <summary>Cut the matching devices, or a district's, off (power loss): the broker publishes their "offline" wills.</summary>
    Stop,

    /// <summary>Bring stopped devices back: they reconnect and report "online".</summary>
    Start,
}

/// <summary>One timed step of a scenario; only the fields of its action are set.</summary>
/// <param name="Index">Position in the file's list, counted from 0, as error messages name it.</param>
/// <param name="At">Time since the simulation started.</param>
/// <param name="Action">What happens.</param>
public sealed record ScenarioStep(int Index, TimeSpan At, ScenarioAction Action)
{
    /// <summary>Trap, release, fault: the elevator.</summary>
    public string? Elevator { get; init; }

    /// <summary>Stop, start, burst: which devices (a <see cref="DeviceGlob"/>).</summary>
    public DeviceGlob? Devices { get; init; }

    /// <summary>Stop, start: the district (<c>D01</c>) whose elevators, lot gates and berth sensors are meant, instead of <see cref="Devices"/>.</summary>
    public string? District { get; init; }

    /// <summary>Fault: the GB/T 24476 fault code.</summary>
    public string? Code { get; init; }

    /// <summary>Burst: how many statuses.</summary>
    public int Messages { get; init; }

    /// <summary>Trap, fault: how long until it clears by itself; null holds it until a release step.</summary>
    public TimeSpan? For { get; init; }

    /// <summary>A line for the audience, printed when the step runs.</summary>
    public string? Note { get; init; }

    public override string ToString() => Action switch
    {
        ScenarioAction.Trap => $"trap a passenger in {Elevator}{Holding}",
        ScenarioAction.Release => $"release {Elevator}",
        ScenarioAction.Fault => $"raise fault {Code} on {Elevator}{Holding}",
        ScenarioAction.Burst => $"burst of {Messages} statuses from {Devices?.Pattern ?? "all elevators"}",
        ScenarioAction.Stop => $"stop {Target}",
        _ => $"start {Target}",
    };

    private string Target => District is { } district ? $"district {district}" : $"{Devices}";

    private string Holding => For is { } duration ? $" for {ScenarioParser.Format(duration)}" : " until released";
}

/// <summary>A demo script: steps in time order.</summary>
public sealed record Scenario(string? Description, IReadOnlyList<ScenarioStep> Steps);

/// <summary>A scenario file that cannot be used, with the step, field and problem in the message.</summary>
public sealed class ScenarioException(string message) : Exception(message);
