using CommandCenter.Protocol;
using CommandCenter.Simulators.Mqtt;
using CommandCenter.Simulators.Simulation;

namespace CommandCenter.Simulators.Elevators;

/// <summary>How an elevator's IoT kit reports and how often its lift breaks down.</summary>
/// <param name="Heartbeat">Status interval while nothing changes.</param>
/// <param name="FaultsPerHour">Random faults per elevator-hour; 0 for none.</param>
public sealed record ElevatorDeviceSettings(TimeSpan Heartbeat, double FaultsPerHour);

/// <summary>
/// An elevator's IoT kit: publishes status on every change and as a heartbeat, raises random faults
/// (GB/T 24476 codes) and clears them after a plausible time, and obeys scenario commands (trap a
/// passenger, raise a fault, release, burst of statuses). Commands take effect at the next step.
/// </summary>
public sealed class ElevatorDevice(ElevatorModel model, ElevatorDeviceSettings settings, Random random) : IDeviceModel
{
    /// <summary>Relative frequency of each lift fault, and how long the fault lasts (min, max seconds).</summary>
    private static readonly FaultTable Faults = new(
        ("01", 5, 120, 600),
        ("02", 25, 30, 300),
        ("03", 20, 30, 300),
        ("04", 10, 60, 300),
        ("05", 2, 300, 900),
        ("06", 3, 120, 600),
        ("07", 5, 60, 300),
        ("08", 3, 60, 300),
        ("09", 1, 300, 900),
        ("10", 1, 300, 900),
        // Trapped passengers: a rescue takes a few minutes.
        (FaultCodes.TrappedPassenger, 10, 150, 360),
        (FaultCodes.AlarmButton, 15, 20, 90));

    private DateTimeOffset _lastStatus = DateTimeOffset.MinValue;
    private DateTimeOffset? _clearAt;
    private (string Code, TimeSpan? For)? _requestedFault;
    private bool _releaseRequested;
    private int _burst;

    public string DeviceId => model.DeviceId;

    /// <summary>Traps a passenger; held for <paramref name="duration"/>, or until <see cref="Release"/> when null.</summary>
    public void Trap(TimeSpan? duration) => RaiseFault(FaultCodes.TrappedPassenger, duration);

    /// <summary>Raises a fault (replacing the active one); held for <paramref name="duration"/>, or until <see cref="Release"/>.</summary>
    public void RaiseFault(string code, TimeSpan? duration)
    {
        _requestedFault = (code, duration);
        _releaseRequested = false;
    }

    /// <summary>Clears the active fault: passenger rescued, fault fixed.</summary>
    public void Release()
    {
        _releaseRequested = true;
        _requestedFault = null;
    }

    /// <summary>Sends <paramref name="count"/> extra status reports at the next step, back to back.</summary>
    public void Burst(int count) => _burst += count;

    public void Step(DateTimeOffset now, List<OutgoingMessage> outbox)
    {
        var changed = UpdateFaults(now, outbox) | model.Step();
        if (changed || now - _lastStatus >= settings.Heartbeat)
        {
            outbox.Add(OutgoingMessage.Of(model.Report(now)));
            _lastStatus = now;
        }

        for (; _burst > 0; _burst--)
        {
            outbox.Add(OutgoingMessage.Of(model.Report(now)));
        }
    }

    /// <summary>Clears faults that are due or released, raises requested or random ones; true when either happened.</summary>
    private bool UpdateFaults(DateTimeOffset now, List<OutgoingMessage> outbox)
    {
        var changed = false;
        if (_releaseRequested || _requestedFault is not null || _clearAt <= now)
        {
            _releaseRequested = false;
            _clearAt = null;
            if (model.ActiveFault is not null)
            {
                outbox.Add(OutgoingMessage.Of(model.Clear(now)));
                changed = true;
            }
        }

        var raise = _requestedFault ?? (model.ActiveFault is null && random.NextDouble() < settings.FaultsPerHour / 3600 ? PickFault() : null);
        _requestedFault = null;
        if (raise is { } fault)
        {
            _clearAt = now + fault.For;
            outbox.Add(OutgoingMessage.Of(model.Raise(fault.Code, now)));
            changed = true;
        }

        return changed;
    }

    private (string Code, TimeSpan? For) PickFault() => Faults.Pick(random);
}
