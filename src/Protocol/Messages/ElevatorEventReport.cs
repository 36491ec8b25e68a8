using System.Text.Json.Serialization;

namespace CommandCenter.Protocol;

/// <summary>
/// A fault or alarm raised or cleared by an elevator's IoT kit (GB/T 24476 fault codes): lifts send
/// 01–11 on <c>cc/v1/elevators/{id}/event</c>, escalators 61–65 on <c>cc/v1/escalators/{id}/event</c>,
/// both 90 alarm button. See <see cref="FaultCodes"/>.
/// </summary>
/// <param name="Code">Two-digit fault code, e.g. "11" trapped passenger.</param>
/// <param name="State">Whether the fault is raised or cleared.</param>
/// <param name="Floor">Floor where it happened, when known (lifts only).</param>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record ElevatorEventReport(
    int Schema,
    string DeviceId,
    long Seq,
    DateTimeOffset Ts,
    string Code,
    EventState State,
    int? Floor = null) : IWireMessage;

/// <summary>Raised or cleared.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EventState>))]
public enum EventState
{
    [JsonStringEnumMemberName("raised")] Raised,
    [JsonStringEnumMemberName("cleared")] Cleared,
}

/// <summary>The fault codes of the protocol, with their meaning.</summary>
public static class FaultCodes
{
    public const string TrappedPassenger = "11";
    public const string AlarmButton = "90";

    /// <summary>Codes a lift may send: 01–11 and the alarm button.</summary>
    public static readonly IReadOnlyList<string> Lift = ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", AlarmButton];

    /// <summary>Codes an escalator may send: 61–65 and the alarm button.</summary>
    public static readonly IReadOnlyList<string> Escalator = ["61", "62", "63", "64", "65", AlarmButton];

    /// <summary>The codes an installation of this kind may send (lift or escalator).</summary>
    public static IReadOnlyList<string> Of(DeviceKind kind) => kind == DeviceKind.Escalator ? Escalator : Lift;

    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        ["01"] = "safety circuit broken while running",
        ["02"] = "door-close fault",
        ["03"] = "door-open fault",
        ["04"] = "stopped outside the door zone",
        ["05"] = "car moved with doors open",
        ["06"] = "motor run-time limiter tripped",
        ["07"] = "floor position lost",
        ["08"] = "prevent-re-run fault",
        ["09"] = "overrun top",
        ["10"] = "overrun bottom",
        ["11"] = "trapped passenger",
        ["61"] = "escalator safety circuit",
        ["62"] = "escalator overspeed",
        ["63"] = "escalator unintended reversal",
        ["64"] = "escalator missing step or pallet",
        ["65"] = "escalator restart-prevention fault",
        ["90"] = "alarm button pressed",
    };
}
