using System.Text.Json;
using CommandCenter.Protocol;

namespace CommandCenter.Testing;

/// <summary>Valid elevator status payloads for tests, serialised exactly as devices send them.</summary>
public static class StatusJson
{
    public static ElevatorStatusReport Report(string deviceId, long seq, int floor, DateTimeOffset? ts = null) => new(
        ElevatorStatusReport.CurrentSchema,
        deviceId,
        seq,
        ts ?? DateTimeOffset.UtcNow,
        floor,
        Direction.Up,
        DoorState.Closed,
        Running: true,
        ServiceMode.Normal);

    public static string For(ElevatorStatusReport report) =>
        JsonSerializer.Serialize(report, ProtocolJson.Default.ElevatorStatusReport);

    public static string For(string deviceId, long seq, int floor, DateTimeOffset? ts = null) =>
        For(Report(deviceId, seq, floor, ts));
}
