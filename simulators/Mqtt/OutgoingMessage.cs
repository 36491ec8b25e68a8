using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CommandCenter.Protocol;

namespace CommandCenter.Simulators.Mqtt;

/// <summary>
/// A protocol message serialised and ready to publish. The overloads of <c>Of</c> are the one place
/// that maps a record type to its <see cref="MessageKind"/> (and so its topic) and its JSON contract.
/// </summary>
public readonly record struct OutgoingMessage(MessageKind Kind, string DeviceId, byte[] Payload)
{
    public string Topic => Topics.For(Kind, DeviceId);

    public static OutgoingMessage Of(ElevatorStatusReport message) => Create(MessageKind.ElevatorStatus, message, ProtocolJson.Default.ElevatorStatusReport);

    public static OutgoingMessage Of(ElevatorEventReport message) => Create(MessageKind.ElevatorEvent, message, ProtocolJson.Default.ElevatorEventReport);

    public static OutgoingMessage Of(EscalatorStatusReport message) => Create(MessageKind.EscalatorStatus, message, ProtocolJson.Default.EscalatorStatusReport);

    /// <summary>An escalator's fault: the payload of a lift's, on the escalator topic.</summary>
    public static OutgoingMessage OfEscalatorEvent(ElevatorEventReport message) => Create(MessageKind.EscalatorEvent, message, ProtocolJson.Default.ElevatorEventReport);

    public static OutgoingMessage Of(BerthStateReport message) => Create(MessageKind.BerthState, message, ProtocolJson.Default.BerthStateReport);

    public static OutgoingMessage Of(LotGateReport message) => Create(MessageKind.LotGate, message, ProtocolJson.Default.LotGateReport);

    public static OutgoingMessage Of(PresenceReport message) => Create(MessageKind.Presence, message, ProtocolJson.Default.PresenceReport);

    public static OutgoingMessage Of(DailyCheckRecord message) => Create(MessageKind.DailyCheck, message, ProtocolJson.Default.DailyCheckRecord);

    public static OutgoingMessage Of(WeeklyInvestigationRecord message) => Create(MessageKind.WeeklyInvestigation, message, ProtocolJson.Default.WeeklyInvestigationRecord);

    public static OutgoingMessage Of(MonthlySchedulingRecord message) => Create(MessageKind.MonthlyScheduling, message, ProtocolJson.Default.MonthlySchedulingRecord);

    public static OutgoingMessage Of(MaintenanceRecord message) => Create(MessageKind.Maintenance, message, ProtocolJson.Default.MaintenanceRecord);

    private static OutgoingMessage Create<T>(MessageKind kind, T message, JsonTypeInfo<T> contract)
        where T : IWireMessage =>
        new(kind, message.DeviceId, JsonSerializer.SerializeToUtf8Bytes(message, contract));
}
