using CommandCenter.Protocol;
using CommandCenter.Simulators.Mqtt;
using CommandCenter.Simulators.Simulation;

namespace CommandCenter.Simulators.Parking;

/// <summary>
/// A geomagnetic berth sensor: a car arrives or leaves following the day/night curve of its lot (and
/// the night window, for a night-free berth); it reports on every change and as a heartbeat, its
/// battery slowly draining and its signal wavering.
/// </summary>
public sealed class BerthSensor(string deviceId, LotUse use, bool nightFree, TimeSpan heartbeat, TimeZoneInfo zone, Random random, SequenceCounter? sequences = null) : IDeviceModel
{
    private const double DrainMvPerHour = 2;
    private const double TransmitCostMv = 0.01;
    private const int FlatBatteryMv = 2000;

    private readonly SequenceCounter _sequences = sequences ?? new SequenceCounter();

    // One sensor in ten was installed long ago, so a demo shows some low batteries.
    private readonly int _baseRssi = -65 - random.Next(50);
    private double _batteryMv = random.NextDouble() < 0.1 ? 2600 + random.Next(300) : 3300 + random.Next(350);
    private DateTimeOffset? _lastStep;
    private DateTimeOffset _lastReport = DateTimeOffset.MinValue;

    public string DeviceId { get; } = deviceId;

    public bool Occupied { get; private set; }

    public void Step(DateTimeOffset now, List<OutgoingMessage> outbox)
    {
        var target = OccupancyCurve.At(use, nightFree, now, zone);
        bool changed;
        if (_lastStep is not { } last)
        {
            // The first state is drawn from the curve, so a run starts in equilibrium.
            Occupied = random.NextDouble() < target;
            changed = true;
        }
        else
        {
            var (leave, arrive) = ParkingSpaces.Chances(target, now - last);
            changed = random.NextDouble() < (Occupied ? leave : arrive);
            Occupied ^= changed;
            _batteryMv -= (now - last).TotalHours * DrainMvPerHour;
        }

        _lastStep = now;
        if (!changed && now - _lastReport < heartbeat)
        {
            return;
        }

        _batteryMv -= TransmitCostMv;
        _lastReport = now;
        outbox.Add(OutgoingMessage.Of(new BerthStateReport(
            ElevatorStatusReport.CurrentSchema,
            DeviceId,
            _sequences.Next(MessageKind.BerthState),
            now,
            Occupied,
            (int)Math.Max(FlatBatteryMv, _batteryMv),
            _baseRssi + random.Next(-3, 4))));
    }
}
