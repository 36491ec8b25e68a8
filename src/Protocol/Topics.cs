namespace CommandCenter.Protocol;

/// <summary>
/// The MQTT topic tree, defined once for publishers (devices, simulators) and subscribers (ingest).
/// Every topic starts with the protocol version so a v2 can run beside v1.
/// </summary>
public static class Topics
{
    public const string Root = "cc/v1";

    /// <summary>Filter matching the live status of every elevator.</summary>
    public const string ElevatorStatusFilter = Root + "/elevators/+/status";

    /// <summary>Live status of one elevator: <c>cc/v1/elevators/{deviceId}/status</c>.</summary>
    public static string ElevatorStatus(string deviceId) => $"{Root}/elevators/{deviceId}/status";

    /// <summary>Splits a topic into its message kind and device id; false when the topic is not ours.</summary>
    public static bool TryParse(string topic, out MessageKind kind, out string deviceId)
    {
        kind = MessageKind.Unknown;
        deviceId = "";
        var parts = topic.Split('/');
        if (parts.Length != 5 || parts[0] != "cc" || parts[1] != "v1" || parts[3].Length == 0)
        {
            return false;
        }

        kind = (parts[2], parts[4]) switch
        {
            ("elevators", "status") => MessageKind.ElevatorStatus,
            _ => MessageKind.Unknown,
        };
        deviceId = parts[3];
        return kind != MessageKind.Unknown;
    }
}

/// <summary>The kinds of message the command center understands.</summary>
public enum MessageKind
{
    Unknown,
    ElevatorStatus,
}
