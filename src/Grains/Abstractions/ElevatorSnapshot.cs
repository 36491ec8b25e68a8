using CommandCenter.Protocol;

namespace CommandCenter.Grains.Abstractions;

/// <summary>The live state of one elevator as the command center knows it.</summary>
/// <param name="Id">The elevator's device id.</param>
/// <param name="Status">The newest status report received from the device.</param>
/// <param name="ReceivedAt">When the command center applied that report.</param>
[GenerateSerializer, Immutable]
public sealed record ElevatorSnapshot(string Id, ElevatorStatusReport Status, DateTimeOffset ReceivedAt);
