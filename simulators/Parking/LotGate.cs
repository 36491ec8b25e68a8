using CommandCenter.Protocol;
using CommandCenter.Simulators.Mqtt;
using CommandCenter.Simulators.Simulation;

namespace CommandCenter.Simulators.Parking;

/// <summary>
/// A parking lot's gate counters: cars enter and leave so that the lot's fill follows the day/night
/// curve of its use; the cumulative totals are reported on every change and as a heartbeat.
/// </summary>
public sealed class LotGate(string deviceId, LotUse use, int capacity, TimeSpan heartbeat, TimeZoneInfo zone, Random random, SequenceCounter? sequences = null) : IDeviceModel
{
    private readonly SequenceCounter _sequences = sequences ?? new SequenceCounter();

    // Counters run since the gate was installed, years before the simulation starts.
    private long _entries = 10_000 + random.Next(40_000);
    private long _exits;
    private DateTimeOffset? _lastStep;
    private DateTimeOffset _lastReport = DateTimeOffset.MinValue;

    public string DeviceId { get; } = deviceId;

    /// <summary>Cars in the lot now.</summary>
    public int Parked { get; private set; }

    public void Step(DateTimeOffset now, List<OutgoingMessage> outbox)
    {
        var target = OccupancyCurve.At(use, nightFree: false, now, zone);
        bool changed;
        if (_lastStep is not { } last)
        {
            Parked = (int)Math.Round(target * capacity);
            _exits = _entries - Parked;
            changed = true;
        }
        else
        {
            var (leave, arrive) = ParkingSpaces.Chances(target, now - last);
            var left = Count(Parked, leave);
            var arrived = Count(capacity - Parked, arrive);
            _exits += left;
            _entries += arrived;
            Parked += arrived - left;
            changed = left + arrived > 0;
        }

        _lastStep = now;
        if (!changed && now - _lastReport < heartbeat)
        {
            return;
        }

        _lastReport = now;
        outbox.Add(OutgoingMessage.Of(new LotGateReport(
            ElevatorStatusReport.CurrentSchema, DeviceId, _sequences.Next(MessageKind.LotGate), now, _entries, _exits)));
    }

    /// <summary>How many of <paramref name="spaces"/> independent spaces change, each with <paramref name="chance"/>.</summary>
    private int Count(int spaces, double chance)
    {
        var count = 0;
        for (var i = 0; i < spaces; i++)
        {
            count += random.NextDouble() < chance ? 1 : 0;
        }

        return count;
    }
}
