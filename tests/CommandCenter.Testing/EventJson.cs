using System.Text.Json;
using CommandCenter.Protocol;

namespace CommandCenter.Testing;

/// <summary>Valid elevator event payloads for tests, serialised exactly as devices send them.</summary>
public static class EventJson
{
    public static string Raised(string deviceId, long seq, string code, int? floor = 7) =>
        JsonSerializer.Serialize(new ElevatorEventReport(ElevatorStatusReport.CurrentSchema, deviceId, seq, DateTimeOffset.UtcNow, code, EventState.Raised, floor), ProtocolJson.Default.ElevatorEventReport);
}
