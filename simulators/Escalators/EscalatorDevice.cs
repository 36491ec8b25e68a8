using CommandCenter.Protocol;
using CommandCenter.Simulators.Elevators;
using CommandCenter.Simulators.Mqtt;
using CommandCenter.Simulators.Simulation;

namespace CommandCenter.Simulators.Escalators;

/// <summary>
/// An escalator and its IoT kit. It runs in one direction at its nominal speed, rests in standby when
/// nobody rides for a while (stopped, its direction kept for the next start), and now and then breaks
/// down with an escalator fault (61–65) or an alarm-button press (90): a broken handrail or a missing
/// step shows in its status too, every fault but the button stops it, and each clears after a
/// plausible time. Status on every change and as a heartbeat; advanced one second at a time.
/// </summary>
public sealed class EscalatorDevice(string deviceId, EscalatorDirection direction, double nominalSpeed, ElevatorDeviceSettings settings, Random random, SequenceCounter? sequences = null)
    : IDeviceModel
{
    private const double StandbyChancePerSecond = 0.004;
    private const double RestartChancePerSecond = 0.03;

    /// <summary>Relative frequency of each escalator fault, and how long it lasts (min, max seconds).</summary>
    private static readonly FaultTable Faults = new(
        ("61", 30, 120, 600),
        ("62", 4, 300, 900),
        ("63", 2, 300, 900),
        ("64", 6, 600, 1800),
        ("65", 10, 60, 300),
        (FaultCodes.AlarmButton, 20, 20, 90));

    private readonly SequenceCounter _sequences = sequences ?? new SequenceCounter();
    private DateTimeOffset _lastStatus = DateTimeOffset.MinValue;
    private DateTimeOffset? _clearAt;
    private bool _standby;
    private StepState _steps = StepState.Ok;
    private HandrailState _handrail = HandrailState.Ok;

    public string DeviceId { get; } = deviceId;

    /// <summary>The fault code currently raised, if any.</summary>
    public string? ActiveFault { get; private set; }

    /// <summary>The steps move: neither resting in standby nor stopped by a fault.</summary>
    public bool IsRunning => !_standby && ActiveFault is null or FaultCodes.AlarmButton;

    public void Step(DateTimeOffset now, List<OutgoingMessage> outbox)
    {
        var changed = UpdateFault(now, outbox) | UpdateStandby();
        if (changed || now - _lastStatus >= settings.Heartbeat)
        {
            outbox.Add(OutgoingMessage.Of(Report(now)));
            _lastStatus = now;
        }
    }

    /// <summary>The current state as a protocol message, with the next sequence number.</summary>
    public EscalatorStatusReport Report(DateTimeOffset now) => new(
        EscalatorStatusReport.CurrentSchema,
        DeviceId,
        _sequences.Next(MessageKind.EscalatorStatus),
        now,
        IsRunning,
        direction,
        IsRunning ? nominalSpeed : 0,
        _steps,
        _handrail);

    /// <summary>Raises a fault (none may be active): a handrail fault or a missing step shows in the status as well.</summary>
    public ElevatorEventReport Raise(string code, DateTimeOffset now)
    {
        if (ActiveFault is not null)
        {
            throw new InvalidOperationException($"{DeviceId} already has fault {ActiveFault} raised");
        }

        ActiveFault = code;
        // Half of the safety-circuit trips here come from the handrail: its speed monitor or an entry guard.
        _handrail = code == "61" && random.Next(2) == 0 ? HandrailState.Fault : HandrailState.Ok;
        _steps = code == "64" ? StepState.Missing : StepState.Ok;
        return Event(code, EventState.Raised, now);
    }

    /// <summary>Clears the active fault: repaired, restarted by a technician with the key switch.</summary>
    public ElevatorEventReport Clear(DateTimeOffset now)
    {
        var code = ActiveFault ?? throw new InvalidOperationException($"{DeviceId} has no fault raised");
        ActiveFault = null;
        _steps = StepState.Ok;
        _handrail = HandrailState.Ok;
        _standby = false;
        return Event(code, EventState.Cleared, now);
    }

    private ElevatorEventReport Event(string code, EventState state, DateTimeOffset now) =>
        new(EscalatorStatusReport.CurrentSchema, DeviceId, _sequences.Next(MessageKind.EscalatorEvent), now, code, state);

    private bool UpdateFault(DateTimeOffset now, List<OutgoingMessage> outbox)
    {
        if (_clearAt <= now && ActiveFault is not null)
        {
            _clearAt = null;
            outbox.Add(OutgoingMessage.OfEscalatorEvent(Clear(now)));
            return true;
        }

        if (ActiveFault is not null || random.NextDouble() >= settings.FaultsPerHour / 3600)
        {
            return false;
        }

        var (code, lasts) = Faults.Pick(random);
        _clearAt = now + lasts;
        outbox.Add(OutgoingMessage.OfEscalatorEvent(Raise(code, now)));
        return true;
    }

    /// <summary>With nobody riding it rests; a passenger stepping on starts it again.</summary>
    private bool UpdateStandby()
    {
        if (ActiveFault is not null and not FaultCodes.AlarmButton)
        {
            return false;
        }

        var flip = random.NextDouble() < (_standby ? RestartChancePerSecond : StandbyChancePerSecond);
        _standby ^= flip;
        return flip;
    }
}
