using System.Text.Json.Serialization;

namespace CommandCenter.TelemetryIngest.Validation;

/// <summary>Why ingest refused a message. Each reason is counted and dead-lettered.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RejectReason>))]
public enum RejectReason
{
    /// <summary>The payload is not well-formed JSON (or not UTF-8).</summary>
    BadJson,

    /// <summary>A field, or the payload itself, has the wrong JSON type.</summary>
    WrongType,

    /// <summary>A required field is absent.</summary>
    MissingField,

    /// <summary>A value lies outside its documented range or set.</summary>
    OutOfRange,

    /// <summary>The payload exceeds the size limit of its message kind.</summary>
    Oversized,

    /// <summary>The topic is not part of the protocol.</summary>
    UnknownTopic,

    /// <summary>The device id in the payload differs from the one in the topic.</summary>
    TopicMismatch,

    /// <summary>The device timestamp is too far ahead of or behind the server clock.</summary>
    TimestampOutOfWindow,

    /// <summary>A connection was refused: the device is not registered or its secret is wrong.</summary>
    UnknownDevice,

    /// <summary>A registered device published where it may not: another device's topic, or an elevator or unit not assigned to it.</summary>
    NotAuthorized,

    /// <summary>A CONNECT whose client id is not the device id it signed in with.</summary>
    ClientIdMismatch,

    /// <summary>A connection refused by a cap: too many unsigned connections from its address, or too many in total.</summary>
    ConnectionLimit,

    /// <summary>A client that did not complete CONNECT in time.</summary>
    ConnectTimeout,

    /// <summary>A packet whose fixed header declared more than its type's limit.</summary>
    PacketTooLarge,

    /// <summary>Bytes that are not MQTT: a reserved packet type, a bad length, or a first packet other than CONNECT.</summary>
    MalformedPacket,
}
