using System.Text.Json;
using CommandCenter.Protocol;

namespace CommandCenter.TelemetryIngest.Storage;

/// <summary>
/// How each message kind is laid out in the time series (documented in docs/protocol.md).
/// Timestamps are in nanoseconds: the device time in milliseconds plus the sequence number in the
/// sub-millisecond digits, so two messages of one device never collide, while a replayed message
/// lands on exactly the same point and overwrites itself (exactly once in the store).
/// </summary>
public static class TimeSeriesPoints
{
    private const long NanosPerMilli = 1_000_000;

    public static string ToLineProtocol(IWireMessage message) => (message switch
    {
        ElevatorStatusReport s => Point(ElevatorPoints.Measurement, s)
            .Field("floor", s.Floor)
            .Field("direction", (int)s.Direction)
            .Field("door", (int)s.Door)
            .Field("running", s.Running)
            .Field("mode", (int)s.Mode)
            .Field("passenger", s.Passenger)
            .Field("door_zone", s.DoorZone)
            .Field("running_hours", s.RunningHours)
            .Field("trips", s.Trips)
            .Field("up_limit", s.UpLimit)
            .Field("down_limit", s.DownLimit)
            .Field("power_outage", s.Power is { } power ? power == PowerState.Outage : null),
        EscalatorStatusReport s => Point(ElevatorPoints.EscalatorMeasurement, s)
            .Field("running", s.Running)
            .Field("direction", (int)s.Direction)
            .Field("speed", s.Speed)
            .Field("step_missing", s.Steps is { } steps ? steps == StepState.Missing : null)
            .Field("handrail_fault", s.Handrail is { } handrail ? handrail == HandrailState.Fault : null),
        ElevatorEventReport e => Point("elevator_event", e, ("code", e.Code), (ElevatorPoints.DeviceTag, e.DeviceId))
            .Field("raised", e.State == EventState.Raised)
            .Field("floor", e.Floor),
        BerthStateReport b => Point("berth_state", b)
            .Field("occupied", b.Occupied)
            .Field("battery_mv", b.BatteryMv)
            .Field("rssi", b.Rssi),
        LotGateReport g => Point("lot_gate", g)
            .Field("entries_total", g.EntriesTotal)
            .Field("exits_total", g.ExitsTotal),
        PresenceReport p => Point("presence", p)
            .Field("online", p.State == PresenceState.Online),
        DailyCheckRecord d => Point("inspection_daily", d, (ElevatorPoints.DeviceTag, d.DeviceId), ("elevator_id", d.ElevatorId))
            .Field("date", d.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
            .Field("zero_risk", d.ZeroRisk)
            .Field("risks", d.Risks.Count),
        WeeklyInvestigationRecord w => Point("inspection_weekly", w, (ElevatorPoints.DeviceTag, w.DeviceId), ("elevator_id", w.ElevatorId))
            .Field("year", w.Year)
            .Field("week", w.Week)
            .Field("hazards", w.Hazards.Count)
            .Field("serious_hazards", w.Hazards.Count(h => h.Severity == HazardSeverity.Serious)),
        MonthlySchedulingRecord m => Point("scheduling_monthly", m, (ElevatorPoints.DeviceTag, m.DeviceId), ("unit_id", m.UnitId))
            .Field("year", m.Year)
            .Field("month", m.Month),
        MaintenanceRecord m => Point(
                "maintenance", m, (ElevatorPoints.DeviceTag, m.DeviceId), ("elevator_id", m.ElevatorId), ("firm_id", m.FirmId), ("type", WireName(m.Type)))
            .Field("items", m.ItemsDone.Count)
            .Field("minutes", (m.FinishedAt - m.StartedAt).TotalMinutes),
        _ => throw new ArgumentException($"no time-series layout for {message.GetType().Name}", nameof(message)),
    }).ToString();

    /// <summary>The point's timestamp in nanoseconds since the epoch (see the class remarks).</summary>
    public static long TimestampNanos(IWireMessage message) =>
        (message.Ts.ToUnixTimeMilliseconds() * NanosPerMilli) + (message.Seq % NanosPerMilli);

    /// <summary>The maintenance type as devices send it ("half-month", …), so queries use one vocabulary.</summary>
    private static string WireName(MaintenanceType type) => JsonSerializer.Serialize(type, ProtocolJson.Default.MaintenanceType).Trim('"');

    /// <summary>A point tagged with its device only.</summary>
    private static LinePoint Point(string measurement, IWireMessage message) => Point(measurement, message, (ElevatorPoints.DeviceTag, message.DeviceId));

    /// <summary>A point with these tags (sorted by name, the device's among them), its sequence number the first field.</summary>
    private static LinePoint Point(string measurement, IWireMessage message, params ReadOnlySpan<(string Name, string? Value)> tags) =>
        LinePoint.Start(measurement, TimestampNanos(message), tags).Field("seq", message.Seq);
}
