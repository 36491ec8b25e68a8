using CommandCenter.Protocol;

namespace CommandCenter.Grains.Abstractions;

/// <summary>The live state of one elevator as the command center knows it.</summary>
/// <param name="Id">The elevator's device id.</param>
/// <param name="Status">The newest status report received from the device.</param>
/// <param name="ReceivedAt">When the command center applied that report.</param>
/// <param name="Online">False after a configured silence or the device's last will.</param>
/// <param name="OpenAlarms">Alarms not yet completed or dismissed, at most one per fault code.</param>
/// <param name="HazardStop">Why the lift is stopped for a serious hazard, when it is.</param>
[GenerateSerializer, Immutable]
public sealed record ElevatorSnapshot(
    string Id,
    ElevatorStatusReport Status,
    DateTimeOffset ReceivedAt,
    bool Online = true,
    IReadOnlyList<AlarmSnapshot>? OpenAlarms = null,
    string? HazardStop = null)
{
    public IReadOnlyList<AlarmSnapshot> Alarms => OpenAlarms ?? [];
}
