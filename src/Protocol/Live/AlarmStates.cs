using System.Text.Json.Serialization;

namespace CommandCenter.Protocol;

// The alarm vocabulary is shared by the grains that run alarms and the clients that watch them, so it
// lives with the wire contract; enums travel as their names.

/// <summary>How urgent an alarm is; a trapped passenger is critical.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlarmSeverity>))]
public enum AlarmSeverity
{
    Minor,
    Major,
    Critical,
}

/// <summary>The deal status of an alarm (GB/T 24476 codes in brackets).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlarmStatus>))]
public enum AlarmStatus
{
    /// <summary>01: raised by the device.</summary>
    Occurred,

    /// <summary>02: the maintenance firm acknowledged it.</summary>
    Responded,

    /// <summary>04: the firm's technician is on site.</summary>
    Arrived,

    /// <summary>00: handled and closed.</summary>
    Completed,

    /// <summary>05: closed as a false alarm.</summary>
    FalseAlarm,
}

/// <summary>Where an alarm came from.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlarmSource>))]
public enum AlarmSource
{
    /// <summary>The elevator's own monitoring device raised it.</summary>
    Device,

    /// <summary>A person on the 96333 line; an operator took the call down.</summary>
    Phone,
}
