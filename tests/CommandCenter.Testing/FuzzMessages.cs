using System.Text;
using CommandCenter.Protocol;

namespace CommandCenter.Testing;

/// <summary>What a fuzzed message abuses.</summary>
public enum FuzzKind
{
    RandomBytes,
    TruncatedJson,
    HugeField,
    WrongType,
    TopicAbuse,
}

/// <summary>A message ingest must refuse: where it is published, its bytes, and what it abuses.</summary>
public sealed record FuzzMessage(FuzzKind Kind, string Topic, byte[] Payload);

/// <summary>
/// Malformed and abusive MQTT messages as a broken or hostile device would send them: random bytes,
/// truncated JSON, huge fields, wrong types and topic abuse. Every one is invalid by construction
/// (none can decode to a valid report for its publisher), so ingest must refuse and dead-letter each.
/// </summary>
public sealed class FuzzMessages(int seed)
{
    private static readonly string[] WrongTypes =
    [
        "\"seq\":\"one\"", "\"floor\":\"seven\"", "\"ts\":12345", "\"running\":\"yes\"", "\"schema\":\"1\"",
        "\"seq\":1.5", "\"floor\":[7]", "\"deviceId\":42", "\"door\":{}", "\"mode\":true",
    ];

    private static readonly string[] NotObjects = ["null", "[]", "42", "\"status\"", "true", "{}"];

    private readonly Random _random = new(seed);

    /// <summary>The next bad message that <paramref name="deviceId"/> publishes; <paramref name="otherDeviceId"/> is another registered elevator.</summary>
    public FuzzMessage Next(string deviceId, string otherDeviceId)
    {
        var kind = (FuzzKind)_random.Next(Enum.GetValues<FuzzKind>().Length);
        var own = Topics.ElevatorStatus(deviceId);
        var valid = StatusJson.For(deviceId, _random.NextInt64(1, long.MaxValue / 2), _random.Next(1, 30));
        return kind switch
        {
            FuzzKind.RandomBytes => new(kind, own, RandomBytes()),
            FuzzKind.TruncatedJson => new(kind, own, Encoding.UTF8.GetBytes(valid[.._random.Next(1, valid.Length - 1)])),
            FuzzKind.HugeField => new(kind, own, Encoding.UTF8.GetBytes(HugeField(deviceId))),
            FuzzKind.WrongType => new(kind, own, Encoding.UTF8.GetBytes(WrongType(valid))),
            _ => TopicAbuse(deviceId, otherDeviceId, valid),
        };
    }

    private byte[] RandomBytes()
    {
        var bytes = new byte[_random.Next(1, 512)];
        _random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>
    /// A field far beyond any limit: a 20,000-character id, time or direction, or a payload past the
    /// size cap. Each stays under the broker's PUBLISH packet limit, so it earns a PUBACK that says why;
    /// a larger packet disconnects the device instead (DeviceIdentityTests).
    /// </summary>
    private string HugeField(string deviceId)
    {
        var huge = new string('x', 20_000);
        return _random.Next(4) switch
        {
            0 => StatusJson.For(deviceId, 1, 1).Replace($"\"{deviceId}\"", $"\"{huge}\"", StringComparison.Ordinal),
            1 => $"{{\"schema\":1,\"deviceId\":\"{deviceId}\",\"seq\":1,\"ts\":\"{huge}\",\"floor\":1}}",
            2 => StatusJson.For(deviceId, 1, 1).Replace("\"up\"", $"\"{huge}\"", StringComparison.Ordinal),
            _ => StatusJson.For(deviceId, 1, 1).TrimEnd('}') + $",\"padding\":\"{new string('y', 40_000)}\"}}",
        };
    }

    /// <summary>A valid report with one field of the wrong JSON type, or JSON that is not an object at all.</summary>
    private string WrongType(string valid)
    {
        if (_random.Next(4) == 0)
        {
            return NotObjects[_random.Next(NotObjects.Length)];
        }

        var replacement = WrongTypes[_random.Next(WrongTypes.Length)];
        var field = replacement[..(replacement.IndexOf(':') + 1)];
        var start = valid.IndexOf(field, StringComparison.Ordinal);
        if (start < 0)
        {
            return valid.TrimEnd('}') + "," + replacement + "}";
        }

        var end = valid.IndexOfAny([',', '}'], start + field.Length);
        return valid[..start] + replacement + valid[end..];
    }

    /// <summary>Another elevator's topic, an unknown message kind, a foreign prefix, extra or empty levels, or a very long topic.</summary>
    private FuzzMessage TopicAbuse(string deviceId, string otherDeviceId, string valid)
    {
        var topic = _random.Next(6) switch
        {
            0 => Topics.ElevatorStatus(otherDeviceId),
            1 => $"cc/v1/elevators/{deviceId}/firmware",
            2 => $"cc/v9/elevators/{deviceId}/status",
            3 => $"{Topics.ElevatorStatus(deviceId)}/extra",
            4 => $"cc/v1/elevators//status",
            _ => $"cc/v1/elevators/{deviceId}/{string.Join('/', Enumerable.Repeat("deep", 400))}",
        };
        var payload = topic == Topics.ElevatorStatus(otherDeviceId) ? StatusJson.For(otherDeviceId, 1, 1) : valid;
        return new(FuzzKind.TopicAbuse, topic, Encoding.UTF8.GetBytes(payload));
    }
}
