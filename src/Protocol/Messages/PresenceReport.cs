using System.Text.Json.Serialization;

namespace CommandCenter.Protocol;

/// <summary>
/// A device's presence: "online" after connecting and as a heartbeat, "offline" as its last will
/// (a will is composed at connect time, so it carries seq 0 and the connect time).
/// </summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record PresenceReport(
    int Schema,
    string DeviceId,
    long Seq,
    DateTimeOffset Ts,
    PresenceState State) : IWireMessage;

/// <summary>Online or offline.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PresenceState>))]
public enum PresenceState
{
    [JsonStringEnumMemberName("online")] Online,
    [JsonStringEnumMemberName("offline")] Offline,
}
