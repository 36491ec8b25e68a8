using CommandCenter.Protocol;

namespace CommandCenter.Grains.Abstractions;

/// <summary>
/// The live state of one elevator (a lift or an escalator) as the command center knows it: exactly one of
/// <see cref="Status"/> and <see cref="Escalator"/> is set, by the kind of device that reported.
/// </summary>
/// <param name="Id">The elevator's device id.</param>
/// <param name="Status">A lift's newest status report; null for an escalator.</param>
/// <param name="ReceivedAt">When the command center applied that report.</param>
/// <param name="Online">False after a configured silence or the device's last will.</param>
/// <param name="OpenAlarms">Alarms not yet completed or dismissed, at most one per fault code.</param>
/// <param name="HazardStop">Why the lift is stopped for a serious hazard, when it is.</param>
/// <param name="Escalator">An escalator's newest status report; null for a lift.</param>
[GenerateSerializer, Immutable]
public sealed record ElevatorSnapshot(
    string Id,
    ElevatorStatusReport? Status,
    DateTimeOffset ReceivedAt,
    bool Online = true,
    IReadOnlyList<AlarmSnapshot>? OpenAlarms = null,
    string? HazardStop = null,
    EscalatorStatusReport? Escalator = null)
{
    public IReadOnlyList<AlarmSnapshot> Alarms => OpenAlarms ?? [];

    /// <summary>Lift (<see cref="DeviceKind.Elevator"/>) or <see cref="DeviceKind.Escalator"/>, by the status it reported.</summary>
    public DeviceKind Kind => Escalator is null ? DeviceKind.Elevator : DeviceKind.Escalator;

    /// <summary>The device time of the newest status report, which orders reports of either kind.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public DateTimeOffset ReportedAt => Status?.Ts ?? Escalator?.Ts ?? ReceivedAt;

    /// <summary>The car or the steps are moving.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Running => Status?.Running ?? Escalator?.Running ?? false;

    /// <summary>A lift in a service mode other than normal (an escalator reports no service mode).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool OutOfNormalService => Status is { Mode: not ServiceMode.Normal };
}
