using CommandCenter.Simulators.Mqtt;

namespace CommandCenter.Simulators.Simulation;

/// <summary>
/// The behaviour of one simulated device, advanced once a second. Models never touch the network:
/// they append what the device would send, and the runner publishes it, so every model can be
/// driven by tests on fake time.
/// </summary>
public interface IDeviceModel
{
    string DeviceId { get; }

    /// <summary>Advances the device to <paramref name="now"/> and appends the messages it sends.</summary>
    void Step(DateTimeOffset now, List<OutgoingMessage> outbox);
}
