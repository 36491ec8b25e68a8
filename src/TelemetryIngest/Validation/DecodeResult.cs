using CommandCenter.Protocol;

namespace CommandCenter.TelemetryIngest.Validation;

/// <summary>Either a validated report or the precise reason it was refused.</summary>
public readonly record struct DecodeResult(ElevatorStatusReport? Report, RejectReason Reason, string Detail, string? DeviceId)
{
    public bool IsAccepted => Report is not null;

    public static DecodeResult Accept(ElevatorStatusReport report) => new(report, default, "", report.DeviceId);

    public static DecodeResult Reject(RejectReason reason, string detail, string? deviceId = null) =>
        new(null, reason, detail, deviceId);
}
