using CommandCenter.Protocol;

namespace CommandCenter.Simulators.Elevators;

/// <summary>
/// A lift that serves random calls: doors open, dwell, close, travel floor by floor, repeat.
/// Advanced one second at a time; deterministic for a given random source.
/// </summary>
public sealed class ElevatorModel(string deviceId, int lowestFloor, int topFloor, Random random)
{
    private const int DwellSeconds = 4;
    private const double CallProbabilityPerSecond = 0.15;

    private Phase _phase = Phase.Idle;
    private int _phaseSeconds;
    private int _target;
    private bool _passenger;
    private long _seq;

    public string DeviceId { get; } = deviceId;

    public int Floor { get; private set; } = Math.Max(lowestFloor, 1);

    private enum Phase
    {
        Idle,
        DoorOpening,
        DoorOpen,
        DoorClosing,
        Moving,
    }

    public bool IsRunning => _phase == Phase.Moving;

    private Direction Direction => _phase != Phase.Moving ? Direction.None : _target > Floor ? Direction.Up : Direction.Down;

    private DoorState Door => _phase switch
    {
        Phase.DoorOpening => DoorState.Opening,
        Phase.DoorOpen => DoorState.Open,
        Phase.DoorClosing => DoorState.Closing,
        _ => DoorState.Closed,
    };

    /// <summary>Advances one second; returns true when something a wall screen would show changed.</summary>
    public bool Step()
    {
        _phaseSeconds++;
        switch (_phase)
        {
            case Phase.Idle when random.NextDouble() < CallProbabilityPerSecond:
                _target = PickTarget();
                Enter(_target == Floor ? Phase.DoorOpening : Phase.Moving);
                return true;
            case Phase.Moving:
                // Floor numbering has no 0: the floor below 1 is -1.
                var step = _target > Floor ? 1 : -1;
                Floor += Floor + step == 0 ? 2 * step : step;
                if (Floor == _target)
                {
                    Enter(Phase.DoorOpening);
                }

                return true;
            case Phase.DoorOpening:
                _passenger = random.NextDouble() < 0.6;
                Enter(Phase.DoorOpen);
                return true;
            case Phase.DoorOpen when _phaseSeconds >= DwellSeconds:
                Enter(Phase.DoorClosing);
                return true;
            case Phase.DoorClosing:
                Enter(Phase.Idle);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The current state as a protocol message, with the next sequence number.</summary>
    public ElevatorStatusReport Report(DateTimeOffset now) => new(
        ElevatorStatusReport.CurrentSchema,
        DeviceId,
        ++_seq,
        now,
        Floor,
        Direction,
        Door,
        IsRunning,
        ServiceMode.Normal,
        Passenger: _passenger,
        DoorZone: _phase != Phase.Moving);

    private int PickTarget()
    {
        int target;
        do
        {
            target = random.Next(lowestFloor, topFloor + 1);
        }
        while (target == 0);
        return target;
    }

    private void Enter(Phase phase)
    {
        _phase = phase;
        _phaseSeconds = 0;
    }
}
