namespace CommandCenter.Protocol;

/// <summary>What every message carries, whatever its kind (see docs/protocol.md, "Envelope").</summary>
public interface IWireMessage
{
    /// <summary>Schema version of the payload; currently 1.</summary>
    int Schema { get; }

    /// <summary>The publishing device or app; must match the id in the topic.</summary>
    string DeviceId { get; }

    /// <summary>
    /// Sequence number per device and topic, increasing by one per message. 0 means "not sequenced"
    /// (last-will messages, which are composed at connect time) and is never deduplicated.
    /// </summary>
    long Seq { get; }

    /// <summary>Device timestamp (UTC, ISO 8601).</summary>
    DateTimeOffset Ts { get; }
}
