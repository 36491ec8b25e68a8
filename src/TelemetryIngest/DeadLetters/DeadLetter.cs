using CommandCenter.TelemetryIngest.Validation;

namespace CommandCenter.TelemetryIngest.DeadLetters;

/// <summary>A refused message, kept for operators: why, from where, and a bounded excerpt of what was sent.</summary>
public sealed record DeadLetter(
    DateTimeOffset At,
    RejectReason Reason,
    string Detail,
    string Topic,
    string? ClientId,
    string? DeviceId,
    int PayloadBytes,
    string PayloadExcerpt);
