using System.Text.Json;
using CommandCenter.Protocol;

namespace CommandCenter.Testing;

/// <summary>Valid escalator status payloads for tests, serialised exactly as devices send them.</summary>
public static class EscalatorJson
{
    public static EscalatorStatusReport Report(
        string deviceId, long seq, EscalatorDirection direction = EscalatorDirection.Up, double speed = 0.5, DateTimeOffset? ts = null) => new(
        EscalatorStatusReport.CurrentSchema,
        deviceId,
        seq,
        ts ?? DateTimeOffset.UtcNow,
        Running: direction != EscalatorDirection.Stopped,
        direction,
        speed,
        StepState.Ok,
        HandrailState.Ok);

    public static string For(EscalatorStatusReport report) =>
        JsonSerializer.Serialize(report, ProtocolJson.Default.EscalatorStatusReport);

    public static string For(string deviceId, long seq, EscalatorDirection direction = EscalatorDirection.Up, double speed = 0.5, DateTimeOffset? ts = null) =>
        For(Report(deviceId, seq, direction, speed, ts));
}
