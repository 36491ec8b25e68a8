using CommandCenter.Grains.Abstractions;
using CommandCenter.Protocol;

namespace CommandCenter.Grains.Parking;

/// <summary>A lot's durable state: the last word of each berth sensor and of the gate counter.</summary>
[GenerateSerializer]
public sealed class ParkingLotState
{
    [Id(0)]
    public Dictionary<string, BerthReading> Berths { get; set; } = new(StringComparer.Ordinal);

    [Id(1)]
    public GateReading? Gate { get; set; }

    /// <summary>When the lot was first tracked: a sensor never heard from since then counts as silent.</summary>
    [Id(2)]
    public DateTimeOffset? TrackingSince { get; set; }
}

/// <summary>A berth sensor's last report; <see cref="LastSeen"/> is our clock, not the device's.</summary>
[GenerateSerializer, Immutable]
public sealed record BerthReading(
    [property: Id(0)] bool Occupied,
    [property: Id(1)] int BatteryMv,
    [property: Id(2)] int Rssi,
    [property: Id(3)] DateTimeOffset Ts,
    [property: Id(4)] DateTimeOffset LastSeen);

/// <summary>The gate counter's last cumulative counts.</summary>
[GenerateSerializer, Immutable]
public sealed record GateReading(
    [property: Id(0)] long EntriesTotal,
    [property: Id(1)] long ExitsTotal,
    [property: Id(2)] DateTimeOffset Ts);

/// <summary>What applying a report did to the lot.</summary>
public enum ReportOutcome
{
    /// <summary>Older than what the device last said; ignored.</summary>
    Stale,

    /// <summary>Only refreshed when the device was last seen (and its signal and exact voltage).</summary>
    Heartbeat,

    /// <summary>Changed what the lot shows: occupancy, gate counts, battery health, or a first report.</summary>
    Changed,
}

/// <summary>
/// The rules of one parking lot, apart from the grain so they run on fake time in tests. Works on
/// the <see cref="ParkingLotState"/> it is given (the grain's persistent state).
/// </summary>
public sealed class ParkingLot
{
    private readonly string _id;
    private readonly ParkingLotInfo? _info;
    private readonly ParkingOptions _options;
    private readonly TimeZoneInfo _zone;
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<string> _nightFree;

    public ParkingLot(string id, ParkingLotInfo? info, ParkingLotState state, ParkingOptions options, TimeZoneInfo zone, TimeProvider time)
    {
        _id = id;
        _info = info;
        _options = options;
        _zone = zone;
        _time = time;
        _nightFree = info?.NightFreeBerthSensorIds ?? [];
        State = state;
        State.TrackingSince ??= time.GetUtcNow();
    }

    public ParkingLotState State { get; }

    public ReportOutcome ApplyBerth(BerthStateReport report)
    {
        State.Berths.TryGetValue(report.DeviceId, out var last);
        // Sensors may reset their sequence on reboot, so ordering is by device time.
        if (last is not null && report.Ts < last.Ts)
        {
            return ReportOutcome.Stale;
        }

        State.Berths[report.DeviceId] = new BerthReading(report.Occupied, report.BatteryMv, report.Rssi, report.Ts, _time.GetUtcNow());
        return last is null || last.Occupied != report.Occupied || IsLow(last.BatteryMv) != IsLow(report.BatteryMv)
            ? ReportOutcome.Changed
            : ReportOutcome.Heartbeat;
    }

    public ReportOutcome ApplyGate(LotGateReport report)
    {
        var last = State.Gate;
        if (last is not null && report.Ts < last.Ts)
        {
            return ReportOutcome.Stale;
        }

        State.Gate = new GateReading(report.EntriesTotal, report.ExitsTotal, report.Ts);
        return last is null || last.EntriesTotal != report.EntriesTotal || last.ExitsTotal != report.ExitsTotal
            ? ReportOutcome.Changed
            : ReportOutcome.Heartbeat;
    }

    public ParkingLotSnapshot Snapshot()
    {
        var now = _time.GetUtcNow();
        IReadOnlyList<string> sensors = _info?.BerthSensorIds ?? [.. State.Berths.Keys.Order(StringComparer.Ordinal)];
        var capacity = _info?.Capacity ?? sensors.Count;
        var sensedOccupied = sensors.Count(id => State.Berths.TryGetValue(id, out var berth) && berth.Occupied);
        long? gateVehicles = State.Gate is { } gate ? gate.EntriesTotal - gate.ExitsTotal : null;
        // Cumulative gate counters drift (missed loops, vehicles inside when installed): never show fewer
        // vehicles than the sensors see, nor more than fit.
        var occupied = gateVehicles is { } vehicles ? (int)Math.Clamp(Math.Max(vehicles, sensedOccupied), 0, capacity) : sensedOccupied;
        var nightWindow = InNightWindow(now, _zone, _options.NightFreeFrom, _options.NightFreeTo);
        var nightFreeAvailable = nightWindow ? _nightFree.Count(id => State.Berths.TryGetValue(id, out var berth) && !berth.Occupied) : 0;

        return new ParkingLotSnapshot(
            _id,
            _info?.Name,
            _info?.GridId,
            capacity,
            sensors.Count,
            sensedOccupied,
            gateVehicles,
            occupied,
            capacity - occupied,
            _nightFree.Count,
            nightFreeAvailable,
            nightWindow,
            [.. sensors.Select(id => Health(id, now)).OfType<UnhealthySensor>()],
            now);
    }

    /// <summary>What the lot adds to its grid's rollup.</summary>
    public static AreaStats Contribution(ParkingLotSnapshot snapshot) => AreaStats.Of(
        (AreaMetrics.ParkingCapacity, snapshot.Capacity),
        (AreaMetrics.ParkingOccupied, snapshot.Occupied),
        (AreaMetrics.ParkingNightFreeBerths, snapshot.NightFreeBerths),
        (AreaMetrics.ParkingNightFreeAvailable, snapshot.NightFreeAvailable),
        (AreaMetrics.ParkingSensorsUnhealthy, snapshot.UnhealthySensors.Count));

    /// <summary>Whether <paramref name="now"/> falls in the window [from, to) of city time; a window whose end is before its start spans midnight.</summary>
    public static bool InNightWindow(DateTimeOffset now, TimeZoneInfo zone, TimeOnly from, TimeOnly to) =>
        TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime).IsBetween(from, to);

    private UnhealthySensor? Health(string sensorId, DateTimeOffset now)
    {
        if (!State.Berths.TryGetValue(sensorId, out var berth))
        {
            return now - State.TrackingSince > _options.SilentAfter ? new UnhealthySensor(sensorId, false, true, null, null) : null;
        }

        var low = IsLow(berth.BatteryMv);
        var silent = now - berth.LastSeen > _options.SilentAfter;
        return low || silent ? new UnhealthySensor(sensorId, low, silent, berth.BatteryMv, berth.LastSeen) : null;
    }

    private bool IsLow(int batteryMv) => batteryMv < _options.LowBatteryMv;
}
