namespace CommandCenter.Protocol;

/// <summary>JSON value types a field may carry.</summary>
public enum FieldType
{
    String,
    Integer,
    Boolean,
    Timestamp,
}

/// <summary>One top-level field of a payload and the values it may take.</summary>
/// <param name="Name">The JSON property name.</param>
/// <param name="Type">The JSON value type.</param>
/// <param name="Required">Whether the field must be present.</param>
/// <param name="Min">Smallest allowed integer (integers only).</param>
/// <param name="Max">Largest allowed integer (integers only).</param>
/// <param name="Allowed">Allowed string values (strings only); null allows any.</param>
/// <param name="MaxLength">Longest allowed string (strings only).</param>
public sealed record FieldRule(
    string Name,
    FieldType Type,
    bool Required = true,
    long Min = long.MinValue,
    long Max = long.MaxValue,
    IReadOnlyList<string>? Allowed = null,
    int MaxLength = 64);

/// <summary>The documented contract of one message kind: size limit and field rules.</summary>
public sealed record MessageSchema(MessageKind Kind, int MaxPayloadBytes, IReadOnlyList<FieldRule> Fields);

/// <summary>
/// The rules ingest enforces, kept beside the records so docs/protocol.md, the validator and the
/// simulators speak of the same limits.
/// </summary>
public static class MessageSchemas
{
    /// <summary>Largest payload ingest accepts for any message kind.</summary>
    public const int MaxPayloadBytes = 4096;

    /// <summary>Device ids: letters, digits, '-' and '_', at most 64 characters.</summary>
    public const int MaxDeviceIdLength = 64;

    public static readonly MessageSchema ElevatorStatus = new(
        MessageKind.ElevatorStatus,
        1024,
        [
            new("schema", FieldType.Integer, Min: 1, Max: ElevatorStatusReport.CurrentSchema),
            new("deviceId", FieldType.String, MaxLength: MaxDeviceIdLength),
            new("seq", FieldType.Integer, Min: 0),
            new("ts", FieldType.Timestamp),
            new("floor", FieldType.Integer, Min: -10, Max: 200),
            new("direction", FieldType.String, Allowed: ["none", "up", "down"]),
            new("door", FieldType.String, Allowed: ["closed", "open", "opening", "closing"]),
            new("running", FieldType.Boolean),
            new("mode", FieldType.Integer, Min: 0, Max: 7),
            new("passenger", FieldType.Boolean, Required: false),
            new("doorZone", FieldType.Boolean, Required: false),
        ]);

    public static MessageSchema? For(MessageKind kind) => kind switch
    {
        MessageKind.ElevatorStatus => ElevatorStatus,
        _ => null,
    };

    /// <summary>True when the id is non-empty, short enough and made of letters, digits, '-' or '_'.</summary>
    public static bool IsValidDeviceId(string id) =>
        id.Length is > 0 and <= MaxDeviceIdLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
