using CommandCenter.Protocol;

namespace CommandCenter.TelemetryIngest.Pipeline;

/// <summary>
/// One MQTT message as ingest receives it, from the embedded broker or an external one.
/// </summary>
/// <param name="Topic">The topic it was published on.</param>
/// <param name="Payload">The raw payload.</param>
/// <param name="ClientId">The publisher's MQTT client id, when known.</param>
/// <param name="Publisher">
/// The authenticated device, when ingest authenticated the connection itself (embedded broker).
/// Null behind an external broker, which then enforces authentication and topic ACLs.
/// </param>
public sealed record IngestMessage(string Topic, ReadOnlyMemory<byte> Payload, string? ClientId, DeviceRegistration? Publisher);
