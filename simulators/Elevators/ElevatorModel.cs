using CommandCenter.Protocol;
using CommandCenter.Simulators.Mqtt;

namespace CommandCenter.Simulators.Elevators;

/// <summary>
/// A lift that serves random calls: doors open, dwell, close, travel floor by floor, repeat.
/// A raised fault halts the car where it is (except the alarm button) until it is cleared.
/// Advanced one second at a time; deterministic for a given random source.
/// </summary>
public sealed class ElevatorModel(string deviceId, int lowestFloor, int topFloor, Random random, SequenceCounter? sequences = null)
{
    private const int DwellSeconds = 4;
    private const double CallProbabilityPerSecond = 0.15;

    private readonly SequenceCounter _sequences = sequences ?? new SequenceCounter();
    private Phase _phase = Phase.Idle;
    private int _phaseSeconds;
    private int _target;
    private bool _passenger;
    private bool _outsideDoorZone;

    // A lift in service for years: its counters start where its id puts them (never from the random
    // source, so a seeded city's behaviour is the same with or without them) and count on from there.
    private readonly long _tripsBefore = CountersSeed(deviceId) % 400_000 + 20_000;
    private long _trips;
    private long _movingSeconds;

    public string DeviceId { get; } = deviceId;

    public int Floor { get; private set; } = Math.Max(lowestFloor, 1);

    /// <summary>The fault code currently raised, if any.</summary>
    public string? ActiveFault { get; private set; }

    private enum Phase
    {
        Idle,
        DoorOpening,
        DoorOpen,
        DoorClosing,
        Moving,
        Halted,
    }

    public bool IsRunning => _phase == Phase.Moving;

    private Direction Direction => _phase != Phase.Moving ? Direction.None : _target > Floor ? Direction.Up : Direction.Down;

    private DoorState Door => _phase switch
    {
        Phase.DoorOpening => DoorState.Opening,
        Phase.DoorOpen => DoorState.Open,
        Phase.DoorClosing => DoorState.Closing,
        // A door that will not close (02) stays open; every other halt leaves the car shut.
        Phase.Halted when ActiveFault == "02" => DoorState.Open,
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
                if (_phase == Phase.Moving)
                {
                    _trips++;
                }

                return true;
            case Phase.Moving:
                _movingSeconds++;
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
        _sequences.Next(MessageKind.ElevatorStatus),
        now,
        Floor,
        Direction,
        Door,
        IsRunning,
        _phase == Phase.Halted ? ServiceMode.OutOfService : ServiceMode.Normal,
        Passenger: _passenger,
        DoorZone: _phase != Phase.Moving && !_outsideDoorZone,
        RunningHours: RunningHours,
        Trips: _tripsBefore + _trips,
        UpLimit: false,
        DownLimit: false,
        Power: PowerState.Normal);

    /// <summary>About 40 s of running per trip before the simulation, plus the time it has run since.</summary>
    private long RunningHours => (_tripsBefore * 40 / 3600) + (_movingSeconds / 3600);

    /// <summary>A number the same for the same id in every run (string.GetHashCode is not).</summary>
    private static long CountersSeed(string deviceId) => deviceId.Aggregate(17L, (hash, c) => (hash * 31 + c) % 1_000_003);

    /// <summary>Raises a fault (replacing none: clear the active one first) and halts the car unless it is the alarm button.</summary>
    public ElevatorEventReport Raise(string code, DateTimeOffset now)
    {
        if (ActiveFault is not null)
        {
            throw new InvalidOperationException($"{DeviceId} already has fault {ActiveFault} raised");
        }

        ActiveFault = code;
        if (code != FaultCodes.AlarmButton)
        {
            // Stopped mid-travel, or a fault that by definition strands the car, leaves it between floors.
            _outsideDoorZone = _phase == Phase.Moving || code is FaultCodes.TrappedPassenger or "04";
            _passenger |= code == FaultCodes.TrappedPassenger;
            Enter(Phase.Halted);
        }

        return Event(code, EventState.Raised, now);
    }

    /// <summary>Clears the active fault: the car re-levels, a trapped passenger is let out, service resumes.</summary>
    public ElevatorEventReport Clear(DateTimeOffset now)
    {
        var code = ActiveFault ?? throw new InvalidOperationException($"{DeviceId} has no fault raised");
        ActiveFault = null;
        if (_phase == Phase.Halted)
        {
            _outsideDoorZone = false;
            _passenger &= code != FaultCodes.TrappedPassenger;
            Enter(Phase.Idle);
        }

        return Event(code, EventState.Cleared, now);
    }

    private ElevatorEventReport Event(string code, EventState state, DateTimeOffset now) =>
        new(ElevatorStatusReport.CurrentSchema, DeviceId, _sequences.Next(MessageKind.ElevatorEvent), now, code, state, Floor);

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
