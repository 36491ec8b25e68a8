using System.Globalization;
using CommandCenter.Protocol;

namespace CommandCenter.TelemetryIngest.Storage;

/// <summary>
/// Reads a lift's or an escalator's status back from its spooled line (the layout of <see cref="TimeSeriesPoints"/>), so
/// statuses acknowledged but not applied before a crash reach their grains at the next start. Other lines are not
/// statuses and are left to the time-series writer. The timestamp keeps the device time to the millisecond.
/// </summary>
public static class StatusLines
{
    private const long NanosPerMilli = 1_000_000;

    /// <summary>The status the line holds; null for a line of another measurement or one this version cannot read.</summary>
    public static IWireMessage? TryRead(string line)
    {
        var measurementEnd = line.IndexOf(',');
        if (measurementEnd <= 0)
        {
            return null;
        }

        var measurement = line.AsSpan(0, measurementEnd);
        var isLift = measurement.SequenceEqual(ElevatorPoints.Measurement);
        if (!isLift && !measurement.SequenceEqual(ElevatorPoints.EscalatorMeasurement))
        {
            return null;
        }

        // Device ids are letters, digits and dashes (MessageSchemas.IsValidDeviceId), so nothing in these lines is escaped.
        var parts = line.Split(' ');
        if (parts.Length != 3 || !long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var nanos))
        {
            return null;
        }

        var tags = Pairs(parts[0][(measurementEnd + 1)..]);
        var fields = Pairs(parts[1]);
        if (!tags.TryGetValue(ElevatorPoints.DeviceTag, out var deviceId))
        {
            return null;
        }

        try
        {
            var ts = DateTimeOffset.FromUnixTimeMilliseconds(nanos / NanosPerMilli);
            var seq = Integer(fields, "seq")!.Value;
            return isLift
                ? new ElevatorStatusReport(
                    ElevatorStatusReport.CurrentSchema,
                    deviceId,
                    seq,
                    ts,
                    (int)Integer(fields, "floor")!.Value,
                    (Direction)Integer(fields, "direction")!.Value,
                    (DoorState)Integer(fields, "door")!.Value,
                    Flag(fields, "running")!.Value,
                    (ServiceMode)Integer(fields, "mode")!.Value,
                    Flag(fields, "passenger"),
                    Flag(fields, "door_zone"),
                    Integer(fields, "running_hours"),
                    Integer(fields, "trips"),
                    Flag(fields, "up_limit"),
                    Flag(fields, "down_limit"),
                    Flag(fields, "power_outage") is { } outage ? (outage ? PowerState.Outage : PowerState.Normal) : null)
                : new EscalatorStatusReport(
                    EscalatorStatusReport.CurrentSchema,
                    deviceId,
                    seq,
                    ts,
                    Flag(fields, "running")!.Value,
                    (EscalatorDirection)Integer(fields, "direction")!.Value,
                    double.Parse(fields["speed"], CultureInfo.InvariantCulture),
                    Flag(fields, "step_missing") is { } missing ? (missing ? StepState.Missing : StepState.Ok) : null,
                    Flag(fields, "handrail_fault") is { } fault ? (fault ? HandrailState.Fault : HandrailState.Ok) : null);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or KeyNotFoundException or OverflowException or ArgumentOutOfRangeException)
        {
            // A required field missing or malformed: the line is history only.
            return null;
        }
    }

    private static Dictionary<string, string> Pairs(string text)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in text.Split(','))
        {
            var equals = pair.IndexOf('=');
            if (equals > 0)
            {
                pairs[pair[..equals]] = pair[(equals + 1)..];
            }
        }

        return pairs;
    }

    private static long? Integer(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) ? long.Parse(value.TrimEnd('i'), CultureInfo.InvariantCulture) : null;

    private static bool? Flag(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) ? bool.Parse(value) : null;
}
