using CommandCenter.Protocol;

namespace CommandCenter.TelemetryIngest.Pipeline;

/// <summary>
/// One MQTT message as ingest receives it, from the embedded broker or an external one.
/// </summary>
/// <param name="Topic">The topic it was published on.</param>
/// <param name="Payload">The raw payload.</param>
/// <param name="ClientId">The publisher's MQTT client id, when known.</param>
/// <param name="Publisher">
/// The signed-in device, when ingest authenticated the connection itself (embedded broker). Null
/// behind an external broker: then the device the topic names is looked up, and only the broker's ACL
/// keeps one device from publishing under another id of the same kind.
/// </param>
public sealed record IngestMessage(string Topic, ReadOnlyMemory<byte> Payload, string? ClientId, DeviceRegistration? Publisher);
