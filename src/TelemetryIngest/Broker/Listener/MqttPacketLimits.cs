using System.Buffers;

namespace CommandCenter.TelemetryIngest.Broker.Listener;

/// <summary>What the fixed header of the next packet says, read before any of its body arrives.</summary>
public enum HeaderVerdict
{
    /// <summary>The header is complete and within its type's limit.</summary>
    Allowed,

    /// <summary>Fewer bytes than the header needs have arrived.</summary>
    Incomplete,

    /// <summary>The declared length exceeds the limit of the packet type.</summary>
    TooLarge,

    /// <summary>Not an MQTT fixed header: a reserved packet type or a remaining length over four bytes.</summary>
    Malformed,
}

/// <summary>
/// The per-type size limits (docs/protocol.md) applied to MQTT fixed headers (MQTT 5 §2.1): a type
/// byte and a variable-length remaining length of one to four bytes.
/// </summary>
public sealed class MqttPacketLimits(MqttListenerOptions options)
{
    public const byte ConnectType = 1;
    public const byte PublishType = 3;
    public const byte DisconnectType = 14;

    /// <summary>Reads the header at the start of <paramref name="buffer"/> and judges it.</summary>
    public HeaderVerdict Check(ReadOnlySequence<byte> buffer, out byte packetType, out int headerLength, out long remainingLength, out int limit)
    {
        packetType = 0;
        headerLength = 0;
        remainingLength = 0;
        limit = 0;
        if (buffer.IsEmpty)
        {
            return HeaderVerdict.Incomplete;
        }

        Span<byte> header = stackalloc byte[5];
        var available = (int)Math.Min(5, buffer.Length);
        buffer.Slice(0, available).CopyTo(header);
        packetType = (byte)(header[0] >> 4);
        limit = LimitFor(packetType);
        if (limit < 0)
        {
            return HeaderVerdict.Malformed;
        }

        var multiplier = 1L;
        for (var i = 1; i < 5; i++)
        {
            if (i >= available)
            {
                return HeaderVerdict.Incomplete;
            }

            remainingLength += (header[i] & 0x7F) * multiplier;
            if ((header[i] & 0x80) == 0)
            {
                headerLength = i + 1;
                return remainingLength + headerLength > limit ? HeaderVerdict.TooLarge : HeaderVerdict.Allowed;
            }

            multiplier *= 128;
        }

        return HeaderVerdict.Malformed;
    }

    /// <summary>The largest whole packet of a type, or -1 for a reserved type (0).</summary>
    public int LimitFor(byte packetType) => packetType switch
    {
        ConnectType => options.MaxConnectBytes,
        PublishType => options.MaxPublishBytes,
        8 or 10 => options.MaxSubscribeBytes,
        >= 2 and <= 15 => options.MaxControlBytes,
        _ => -1,
    };

    public static string TypeName(byte packetType) => packetType switch
    {
        1 => "CONNECT", 2 => "CONNACK", 3 => "PUBLISH", 4 => "PUBACK", 5 => "PUBREC", 6 => "PUBREL", 7 => "PUBCOMP",
        8 => "SUBSCRIBE", 9 => "SUBACK", 10 => "UNSUBSCRIBE", 11 => "UNSUBACK", 12 => "PINGREQ", 13 => "PINGRESP",
        14 => "DISCONNECT", 15 => "AUTH", _ => $"reserved type {packetType}",
    };
}
