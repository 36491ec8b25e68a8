namespace CommandCenter.Protocol;

/// <summary>
/// The MQTT topic tree, defined once for publishers (devices, simulators, apps) and subscribers
/// (ingest). Every topic is <c>cc/v1/{family}/{id}/{leaf}</c>; the version prefix lets a v2 run beside v1.
/// </summary>
public static class Topics
{
    public const string Root = "cc/v1";

    /// <summary>Filter matching every topic of this protocol version.</summary>
    public const string All = Root + "/#";

    private static readonly Dictionary<MessageKind, (string Family, string Leaf)> Templates = new()
    {
        [MessageKind.ElevatorStatus] = ("elevators", "status"),
        [MessageKind.ElevatorEvent] = ("elevators", "event"),
        [MessageKind.BerthState] = ("berths", "state"),
        [MessageKind.LotGate] = ("lots", "gate"),
        [MessageKind.Presence] = ("devices", "presence"),
        [MessageKind.DailyCheck] = ("apps", "daily"),
        [MessageKind.WeeklyInvestigation] = ("apps", "weekly"),
        [MessageKind.MonthlyScheduling] = ("apps", "monthly"),
        [MessageKind.Maintenance] = ("apps", "maintenance"),
        [MessageKind.EscalatorStatus] = ("escalators", "status"),
        [MessageKind.EscalatorEvent] = ("escalators", "event"),
    };

    private static readonly Dictionary<(string Family, string Leaf), MessageKind> KindsByTemplate =
        Templates.ToDictionary(pair => pair.Value, pair => pair.Key);

    /// <summary>The topic a device publishes messages of a kind on.</summary>
    public static string For(MessageKind kind, string deviceId)
    {
        var (family, leaf) = Templates[kind];
        return $"{Root}/{family}/{deviceId}/{leaf}";
    }

    public static string ElevatorStatus(string deviceId) => For(MessageKind.ElevatorStatus, deviceId);

    public static string EscalatorStatus(string deviceId) => For(MessageKind.EscalatorStatus, deviceId);

    /// <summary>Splits a topic into its message kind and device id; false when the topic is not ours.</summary>
    public static bool TryParse(string topic, out MessageKind kind, out string deviceId)
    {
        kind = MessageKind.Unknown;
        deviceId = "";
        var parts = topic.Split('/');
        if (parts.Length != 5 || parts[0] != "cc" || parts[1] != "v1" || parts[3].Length == 0
            || !KindsByTemplate.TryGetValue((parts[2], parts[4]), out kind))
        {
            return false;
        }

        deviceId = parts[3];
        return true;
    }
}

/// <summary>
/// The kinds of message the command center understands, one per topic. Their numbers are part of the
/// API (<c>/api/ingest/sequences</c>): new kinds are added at the end.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<MessageKind>))]
public enum MessageKind
{
    Unknown,
    ElevatorStatus,
    ElevatorEvent,
    BerthState,
    LotGate,
    Presence,
    DailyCheck,
    WeeklyInvestigation,
    MonthlyScheduling,
    Maintenance,
    EscalatorStatus,
    EscalatorEvent,
}
