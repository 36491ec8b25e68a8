using System.Text.Json.Serialization;
using CommandCenter.Protocol;

namespace CommandCenter.Simulators.Scenarios;

/// <summary>A demo script: steps in time order.</summary>
public sealed record Scenario(string? Description, IReadOnlyList<ScenarioStep> Steps);

/// <summary>
/// One timed step of a scenario. A file's step is read as the kind its <c>"action"</c> names (the type
/// discriminator), with that kind's fields and no others. <see cref="Check"/> refuses the values the JSON
/// types alone allow but a step cannot use.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "action")]
[JsonDerivedType(typeof(TrapStep), "trap")]
[JsonDerivedType(typeof(ReleaseStep), "release")]
[JsonDerivedType(typeof(FaultStep), "fault")]
[JsonDerivedType(typeof(BurstStep), "burst")]
[JsonDerivedType(typeof(StopStep), "stop")]
[JsonDerivedType(typeof(StartStep), "start")]
public abstract record ScenarioStep
{
    private const int MaxNoteLength = 300;

    /// <summary>Position in the file's list, counted from 0, as error messages name it.</summary>
    [JsonIgnore]
    public int Index { get; init; }

    /// <summary>Time since the simulation started.</summary>
    public required TimeSpan At { get; init; }

    /// <summary>A line for the audience, printed when the step runs.</summary>
    public string? Note { get; init; }

    /// <summary>"steps[2]", as error messages name the step.</summary>
    protected string Where => $"steps[{Index}]";

    /// <summary>Throws a <see cref="ScenarioException"/> naming the step, field and problem of a value the step cannot use.</summary>
    public virtual void Check()
    {
        if (At > ScenarioParser.Longest)
        {
            throw new ScenarioException($"{Where}.at: {ScenarioParser.Format(At)} is outside 0s..{ScenarioParser.Format(ScenarioParser.Longest)}");
        }

        if (Note is { Length: > MaxNoteLength })
        {
            throw new ScenarioException($"{Where}.note: {Note.Length} characters, at most {MaxNoteLength} allowed");
        }
    }

    /// <summary>A trap or fault lasts this long; outside 1s..7 days is refused.</summary>
    protected void CheckFor(TimeSpan? duration)
    {
        if (duration is { } value && (value <= TimeSpan.Zero || value > ScenarioParser.Longest))
        {
            throw new ScenarioException($"{Where}.for: {ScenarioParser.Format(value)} is outside 1s..{ScenarioParser.Format(ScenarioParser.Longest)}");
        }
    }

    protected static string Holding(TimeSpan? duration) => duration is { } value ? $" for {ScenarioParser.Format(value)}" : " until released";
}

/// <summary>A step on one elevator.</summary>
public abstract record ElevatorStep : ScenarioStep
{
    public required string Elevator { get; init; }

    public override void Check()
    {
        base.Check();
        if (!MessageSchemas.IsValidDeviceId(Elevator))
        {
            throw new ScenarioException($"{Where}.elevator: \"{Elevator}\" is not a device id (letters, digits, '-' and '_')");
        }
    }
}

/// <summary>Trap a passenger in an elevator (fault 11), for a while or until released.</summary>
public sealed record TrapStep : ElevatorStep
{
    /// <summary>How long until it clears by itself; null holds it until a release step.</summary>
    public TimeSpan? For { get; init; }

    public override void Check()
    {
        base.Check();
        CheckFor(For);
    }

    public override string ToString() => $"trap a passenger in {Elevator}{Holding(For)}";
}

/// <summary>Clear an elevator's active fault: the passenger is rescued, the fault fixed.</summary>
public sealed record ReleaseStep : ElevatorStep
{
    public override string ToString() => $"release {Elevator}";
}

/// <summary>Raise a GB/T 24476 fault code on an elevator, for a while or until released.</summary>
public sealed record FaultStep : ElevatorStep
{
    public required string Code { get; init; }

    /// <summary>How long until it clears by itself; null holds it until a release step.</summary>
    public TimeSpan? For { get; init; }

    public override void Check()
    {
        base.Check();
        if (!FaultCodes.All.ContainsKey(Code))
        {
            throw new ScenarioException($"{Where}.code: \"{Code}\" is not a fault code ({string.Join(", ", FaultCodes.All.Keys)})");
        }

        CheckFor(For);
    }

    public override string ToString() => $"raise fault {Code} on {Elevator}{Holding(For)}";
}

/// <summary>Send a number of extra elevator statuses at once, spread over the matching elevators.</summary>
public sealed record BurstStep : ScenarioStep
{
    public const int MaxMessages = 1_000_000;

    public required int Messages { get; init; }

    /// <summary>Which elevators; null for all.</summary>
    public DeviceGlob? Devices { get; init; }

    public override void Check()
    {
        base.Check();
        if (Messages is < 1 or > MaxMessages)
        {
            throw new ScenarioException($"{Where}.messages: {Messages} is outside 1..{MaxMessages}");
        }
    }

    public override string ToString() => $"burst of {Messages} statuses from {Devices?.Pattern ?? "all elevators"}";
}

/// <summary>Stop or start: a device pattern's devices, or a district's (its elevators, lot gates and berth sensors), never both.</summary>
public abstract record PowerStep : ScenarioStep
{
    public DeviceGlob? Devices { get; init; }

    /// <summary>A district id of the city (<c>640104</c>).</summary>
    public string? District { get; init; }

    protected abstract string Action { get; }

    protected string Target => District is { } district ? $"district {district}" : $"{Devices}";

    public override void Check()
    {
        base.Check();
        if ((Devices, District) is (null, null) or (not null, not null))
        {
            throw new ScenarioException(Devices is null
                ? $"{Where}: action \"{Action}\" needs \"devices\" or \"district\""
                : $"{Where}: action \"{Action}\" takes \"devices\" or \"district\", not both");
        }

        // Generated district ids are short codes (640104); spaces or punctuation are a typo, caught before the city is read.
        if (District is { } district && !MessageSchemas.IsValidDeviceId(district))
        {
            throw new ScenarioException($"{Where}.district: \"{district}\" is not a district id such as \"640104\" (letters, digits, '-' and '_')");
        }
    }
}

/// <summary>Cut the devices off (power loss): the broker publishes their "offline" wills.</summary>
public sealed record StopStep : PowerStep
{
    protected override string Action => "stop";

    public override string ToString() => $"stop {Target}";
}

/// <summary>Bring stopped devices back: they reconnect and report "online".</summary>
public sealed record StartStep : PowerStep
{
    protected override string Action => "start";

    public override string ToString() => $"start {Target}";
}

/// <summary>A scenario file that cannot be used, with the step, field and problem in the message.</summary>
public sealed class ScenarioException(string message) : Exception(message);
