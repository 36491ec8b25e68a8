namespace CommandCenter.Protocol;

/// <summary>JSON value types a field may carry.</summary>
public enum FieldType
{
    String,
    Integer,
    Boolean,
    Timestamp,

    /// <summary>A calendar date, "yyyy-MM-dd".</summary>
    Date,

    /// <summary>An array of strings, each at most MaxLength long.</summary>
    StringArray,

    /// <summary>An array of objects, each checked against ItemFields.</summary>
    ObjectArray,

    /// <summary>A JSON number, fraction allowed, between Min and Max.</summary>
    Number,
}

/// <summary>One field of a payload and the values it may take.</summary>
/// <param name="Name">The JSON property name.</param>
/// <param name="Type">The JSON value type.</param>
/// <param name="Required">Whether the field must be present.</param>
/// <param name="Min">Smallest allowed integer or number.</param>
/// <param name="Max">Largest allowed integer or number.</param>
/// <param name="Allowed">Allowed string values (strings only); null allows any.</param>
/// <param name="MaxLength">Longest allowed string (strings and string arrays).</param>
/// <param name="MaxItems">Most array items (arrays only).</param>
/// <param name="ItemFields">Fields of each array item (object arrays only).</param>
public sealed record FieldRule(
    string Name,
    FieldType Type,
    bool Required = true,
    long Min = long.MinValue,
    long Max = long.MaxValue,
    IReadOnlyList<string>? Allowed = null,
    int MaxLength = 64,
    int MaxItems = 0,
    IReadOnlyList<FieldRule>? ItemFields = null);

/// <summary>The documented contract of one message kind: size limit and field rules.</summary>
public sealed record MessageSchema(MessageKind Kind, int MaxPayloadBytes, IReadOnlyList<FieldRule> Fields);

/// <summary>
/// The rules ingest enforces, kept beside the records so docs/protocol.md, the validator and the
/// simulators speak of the same limits. Unknown fields are ignored (forward compatibility).
/// </summary>
public static class MessageSchemas
{
    /// <summary>Device telemetry (status, events, berths, gates, presence).</summary>
    public const int MaxTelemetryBytes = 1024;

    /// <summary>Records filed by handheld apps, which carry free text.</summary>
    public const int MaxRecordBytes = 16 * 1024;

    /// <summary>Device ids: letters, digits, '-' and '_', at most 64 characters.</summary>
    public const int MaxDeviceIdLength = 64;

    /// <summary>A lift's running-hours counter: a century of round-the-clock service is far beyond any lift's life.</summary>
    public const long MaxRunningHours = 1_000_000;

    /// <summary>A lift's trip counter: a busy lift makes about a million trips a year.</summary>
    public const long MaxTrips = 1_000_000_000;

    /// <summary>Most items a maintenance record may list (a yearly visit of a traction lift has 76).</summary>
    public const int MaxItemsDone = 100;

    /// <summary>Longest maintenance item id (<c>HM-01</c>, <c>Y-17</c>).</summary>
    public const int MaxItemIdLength = 16;

    private const int MaxNameLength = 64;
    private const int MaxTextLength = 4000;

    private static readonly FieldRule[] Envelope =
    [
        new("schema", FieldType.Integer, Min: 1, Max: 1),
        new("deviceId", FieldType.String, MaxLength: MaxDeviceIdLength),
        new("seq", FieldType.Integer, Min: 0),
        new("ts", FieldType.Timestamp),
    ];

    public static readonly MessageSchema ElevatorStatus = Telemetry(MessageKind.ElevatorStatus,
        new("floor", FieldType.Integer, Min: -10, Max: 200),
        new("direction", FieldType.String, Allowed: ["none", "up", "down"]),
        new("door", FieldType.String, Allowed: ["closed", "open", "opening", "closing"]),
        new("running", FieldType.Boolean),
        new("mode", FieldType.Integer, Min: 0, Max: 7),
        new("passenger", FieldType.Boolean, Required: false),
        new("doorZone", FieldType.Boolean, Required: false),
        new("runningHours", FieldType.Integer, Required: false, Min: 0, Max: MaxRunningHours),
        new("trips", FieldType.Integer, Required: false, Min: 0, Max: MaxTrips),
        new("upLimit", FieldType.Boolean, Required: false),
        new("downLimit", FieldType.Boolean, Required: false),
        new("power", FieldType.String, Required: false, Allowed: ["normal", "outage"]));

    public static readonly MessageSchema ElevatorEvent = Telemetry(MessageKind.ElevatorEvent,
        new("code", FieldType.String, Allowed: [.. FaultCodes.All.Keys]),
        new("state", FieldType.String, Allowed: ["raised", "cleared"]),
        new("floor", FieldType.Integer, Required: false, Min: -10, Max: 200));

    public static readonly MessageSchema EscalatorStatus = Telemetry(MessageKind.EscalatorStatus,
        new("running", FieldType.Boolean),
        new("direction", FieldType.String, Allowed: ["stopped", "up", "down"]),
        new("speed", FieldType.Number, Min: 0, Max: (long)EscalatorStatusReport.MaxSpeed),
        new("steps", FieldType.String, Required: false, Allowed: ["ok", "missing"]),
        new("handrail", FieldType.String, Required: false, Allowed: ["ok", "fault"]));

    /// <summary>
    /// Every known code passes the field check on both event topics, so a code of the other family is
    /// refused by the decoder with a reason naming the family rather than a bare list.
    /// </summary>
    public static readonly MessageSchema EscalatorEvent = Telemetry(MessageKind.EscalatorEvent,
        new("code", FieldType.String, Allowed: [.. FaultCodes.All.Keys]),
        new("state", FieldType.String, Allowed: ["raised", "cleared"]));

    public static readonly MessageSchema BerthState = Telemetry(MessageKind.BerthState,
        new("occupied", FieldType.Boolean),
        new("batteryMv", FieldType.Integer, Min: 0, Max: 5000),
        new("rssi", FieldType.Integer, Min: -150, Max: 0));

    public static readonly MessageSchema LotGate = Telemetry(MessageKind.LotGate,
        new("entriesTotal", FieldType.Integer, Min: 0),
        new("exitsTotal", FieldType.Integer, Min: 0));

    public static readonly MessageSchema Presence = Telemetry(MessageKind.Presence,
        new FieldRule("state", FieldType.String, Allowed: ["online", "offline"]));

    public static readonly MessageSchema DailyCheck = Record(MessageKind.DailyCheck,
        new("elevatorId", FieldType.String, MaxLength: MaxDeviceIdLength),
        new("date", FieldType.Date),
        new("officer", FieldType.String, MaxLength: MaxNameLength),
        new("zeroRisk", FieldType.Boolean),
        new("risks", FieldType.ObjectArray, MaxItems: 50, ItemFields:
        [
            new("item", FieldType.String, MaxLength: 200),
            new("note", FieldType.String, MaxLength: 1000),
        ]));

    public static readonly MessageSchema WeeklyInvestigation = Record(MessageKind.WeeklyInvestigation,
        new("elevatorId", FieldType.String, MaxLength: MaxDeviceIdLength),
        new("year", FieldType.Integer, Min: 2000, Max: 2100),
        new("week", FieldType.Integer, Min: 1, Max: 53),
        new("director", FieldType.String, MaxLength: MaxNameLength),
        new("hazards", FieldType.ObjectArray, MaxItems: 50, ItemFields:
        [
            new("description", FieldType.String, MaxLength: 1000),
            new("severity", FieldType.String, Allowed: ["general", "serious"]),
            new("fixed", FieldType.Boolean),
        ]));

    public static readonly MessageSchema MonthlyScheduling = Record(MessageKind.MonthlyScheduling,
        new("unitId", FieldType.String, MaxLength: MaxDeviceIdLength),
        new("year", FieldType.Integer, Min: 2000, Max: 2100),
        new("month", FieldType.Integer, Min: 1, Max: 12),
        new("principal", FieldType.String, MaxLength: MaxNameLength),
        new("minutes", FieldType.String, MaxLength: MaxTextLength),
        new("nextFocus", FieldType.String, MaxLength: MaxTextLength));

    public static readonly MessageSchema Maintenance = Record(MessageKind.Maintenance,
        new("elevatorId", FieldType.String, MaxLength: MaxDeviceIdLength),
        new("type", FieldType.String, Allowed: ["half-month", "quarterly", "half-year", "yearly"]),
        new("itemsDone", FieldType.StringArray, MaxItems: MaxItemsDone, MaxLength: MaxItemIdLength),
        new("technician", FieldType.String, MaxLength: MaxNameLength),
        new("firmId", FieldType.String, MaxLength: MaxDeviceIdLength),
        new("startedAt", FieldType.Timestamp),
        new("finishedAt", FieldType.Timestamp));

    private static readonly Dictionary<MessageKind, MessageSchema> ByKind = new[]
    {
        ElevatorStatus, ElevatorEvent, BerthState, LotGate, Presence, DailyCheck, WeeklyInvestigation, MonthlyScheduling, Maintenance,
        EscalatorStatus, EscalatorEvent,
    }.ToDictionary(schema => schema.Kind);

    public static IReadOnlyCollection<MessageSchema> All => ByKind.Values;

    public static MessageSchema For(MessageKind kind) => ByKind[kind];

    /// <summary>True when the id is non-empty, short enough and made of letters, digits, '-' or '_'.</summary>
    public static bool IsValidDeviceId(string id) =>
        id.Length is > 0 and <= MaxDeviceIdLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static MessageSchema Telemetry(MessageKind kind, params FieldRule[] fields) => new(kind, MaxTelemetryBytes, [.. Envelope, .. fields]);

    private static MessageSchema Record(MessageKind kind, params FieldRule[] fields) => new(kind, MaxRecordBytes, [.. Envelope, .. fields]);
}
