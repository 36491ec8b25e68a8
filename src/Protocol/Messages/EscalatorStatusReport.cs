using System.Text.Json.Serialization;

namespace CommandCenter.Protocol;

/// <summary>
/// Live status of one escalator or moving walk, published by its device every few seconds while it runs
/// and on every change, on <c>cc/v1/escalators/{id}/status</c>. See docs/protocol.md for the wire format.
/// </summary>
/// <param name="Running">True while the steps move (also at a standby crawl).</param>
/// <param name="Direction">The travel direction: up or down while running or set for its next start, stopped when none is set.</param>
/// <param name="Speed">Step speed in metres per second (nominal 0.5, 0.65 or 0.75); 0 when stopped.</param>
/// <param name="Steps">Whether the step/pallet chain is whole, when the device can tell.</param>
/// <param name="Handrail">Whether the handrails run with the steps, when the device can tell.</param>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record EscalatorStatusReport(
    int Schema,
    string DeviceId,
    long Seq,
    DateTimeOffset Ts,
    bool Running,
    EscalatorDirection Direction,
    double Speed,
    StepState? Steps = null,
    HandrailState? Handrail = null) : IWireMessage
{
    public const int CurrentSchema = 1;

    /// <summary>Fastest speed a status may report: far above any escalator's nominal speed, so an overspeed reading still fits.</summary>
    public const double MaxSpeed = 5;
}

/// <summary>An escalator's travel direction.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EscalatorDirection>))]
public enum EscalatorDirection
{
    [JsonStringEnumMemberName("stopped")] Stopped,
    [JsonStringEnumMemberName("up")] Up,
    [JsonStringEnumMemberName("down")] Down,
}

/// <summary>The step/pallet chain, as its missing-step sensor sees it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StepState>))]
public enum StepState
{
    [JsonStringEnumMemberName("ok")] Ok,

    /// <summary>A step or pallet is missing (fault 64 goes with it).</summary>
    [JsonStringEnumMemberName("missing")] Missing,
}

/// <summary>The handrails, as their speed monitor and entry guards see them.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<HandrailState>))]
public enum HandrailState
{
    [JsonStringEnumMemberName("ok")] Ok,

    /// <summary>A handrail lags the steps or an entry guard tripped; it opens the safety circuit (fault 61).</summary>
    [JsonStringEnumMemberName("fault")] Fault,
}
