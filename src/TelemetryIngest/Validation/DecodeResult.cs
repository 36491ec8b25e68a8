using CommandCenter.Protocol;

namespace CommandCenter.TelemetryIngest.Validation;

/// <summary>Either a validated message or the precise reason it was refused.</summary>
public readonly record struct DecodeResult(MessageKind Kind, IWireMessage? Message, RejectReason Reason, string Detail, string? DeviceId)
{
    public bool IsAccepted => Message is not null;

    public static DecodeResult Accept(MessageKind kind, IWireMessage message) => new(kind, message, default, "", message.DeviceId);

    public static DecodeResult Reject(RejectReason reason, string detail, string? deviceId = null, MessageKind kind = MessageKind.Unknown) =>
        new(kind, null, reason, detail, deviceId);
}
