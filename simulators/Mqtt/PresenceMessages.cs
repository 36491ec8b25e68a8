using CommandCenter.Protocol;

namespace CommandCenter.Simulators.Mqtt;

/// <summary>The presence a device announces after connecting, and the will the broker sends for it.</summary>
public static class PresenceMessages
{
    /// <summary>Published right after every (re)connect.</summary>
    public static OutgoingMessage Online(string deviceId, SequenceCounter sequences, DateTimeOffset now) =>
        OutgoingMessage.Of(new PresenceReport(ElevatorStatusReport.CurrentSchema, deviceId, sequences.Next(MessageKind.Presence), now, PresenceState.Online));

    /// <summary>
    /// The last will, composed at connect time: seq 0 ("not sequenced", never deduplicated) and the
    /// connect time as ts, because the broker publishes it unchanged whenever the connection dies.
    /// </summary>
    public static OutgoingMessage LastWill(string deviceId, DateTimeOffset connectedAt) =>
        OutgoingMessage.Of(new PresenceReport(ElevatorStatusReport.CurrentSchema, deviceId, 0, connectedAt, PresenceState.Offline));
}
