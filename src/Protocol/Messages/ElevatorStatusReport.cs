using System.Text.Json.Serialization;

namespace CommandCenter.Protocol;

/// <summary>
/// Live status of one elevator (GB/T 24476 status items), published by the device every few seconds
/// while running and on every change. See docs/protocol.md for the wire format and limits.
/// </summary>
/// <param name="Schema">Schema version of this payload; currently 1.</param>
/// <param name="DeviceId">The device id; must match the id in the topic.</param>
/// <param name="Seq">Per-device sequence number, increasing by one per message.</param>
/// <param name="Ts">Device timestamp (UTC, ISO 8601).</param>
/// <param name="Floor">Current floor; negative for basements.</param>
/// <param name="Direction">Travel direction.</param>
/// <param name="Door">Door state.</param>
/// <param name="Running">True while the car is moving.</param>
/// <param name="Mode">Service mode code (GB/T 24476): 0 out of service … 7 unknown.</param>
/// <param name="Passenger">Whether a passenger is in the car, when the device can tell.</param>
/// <param name="DoorZone">Whether the car is in a door zone, when the device can tell.</param>
/// <param name="RunningHours">Total running hours since commissioning, when the controller counts them.</param>
/// <param name="Trips">Total trips (starts) since commissioning, when the controller counts them.</param>
/// <param name="UpLimit">True while the upper final-limit switch is tripped, when the device can tell.</param>
/// <param name="DownLimit">True while the lower final-limit switch is tripped, when the device can tell.</param>
/// <param name="Power">Whether the lift has its mains supply, when the device can tell.</param>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record ElevatorStatusReport(
    int Schema,
    string DeviceId,
    long Seq,
    DateTimeOffset Ts,
    int Floor,
    Direction Direction,
    DoorState Door,
    bool Running,
    ServiceMode Mode,
    bool? Passenger = null,
    bool? DoorZone = null,
    long? RunningHours = null,
    long? Trips = null,
    bool? UpLimit = null,
    bool? DownLimit = null,
    PowerState? Power = null) : IWireMessage
{
    public const int CurrentSchema = 1;
}

/// <summary>Car travel direction.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Direction>))]
public enum Direction
{
    [JsonStringEnumMemberName("none")] None,
    [JsonStringEnumMemberName("up")] Up,
    [JsonStringEnumMemberName("down")] Down,
}

/// <summary>Car door state.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DoorState>))]
public enum DoorState
{
    [JsonStringEnumMemberName("closed")] Closed,
    [JsonStringEnumMemberName("open")] Open,
    [JsonStringEnumMemberName("opening")] Opening,
    [JsonStringEnumMemberName("closing")] Closing,
}

/// <summary>The lift's supply (GB/T 24476 power status).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PowerState>))]
public enum PowerState
{
    /// <summary>Mains supply present.</summary>
    [JsonStringEnumMemberName("normal")] Normal,

    /// <summary>Mains lost: the device reports on its own battery; the car may be on emergency power or stopped.</summary>
    [JsonStringEnumMemberName("outage")] Outage,
}

/// <summary>Service mode codes from GB/T 24476; sent as numbers.</summary>
[JsonConverter(typeof(JsonNumberEnumConverter<ServiceMode>))]
public enum ServiceMode
{
    OutOfService = 0,
    Normal = 1,
    Inspection = 2,
    FireReturn = 3,
    Firefighter = 4,
    EmergencyPower = 5,
    Earthquake = 6,
    Unknown = 7,
}
