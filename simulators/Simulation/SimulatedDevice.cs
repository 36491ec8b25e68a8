using CommandCenter.Protocol;
using CommandCenter.Simulators.Mqtt;

namespace CommandCenter.Simulators.Simulation;

/// <summary>A device's model and its MQTT session, stepped together; a stopped device is frozen and offline.</summary>
public sealed class SimulatedDevice(DemoCredential credential, IDeviceModel model, DeviceConnection connection)
{
    private readonly List<OutgoingMessage> _outbox = [];

    public string Id => credential.Id;

    public DeviceKind Kind => credential.Kind;

    public IDeviceModel Model { get; } = model;

    public DeviceConnection Connection { get; } = connection;

    public bool Stopped { get; private set; }

    /// <summary>Advances the model and publishes what it produced, in order; silent devices still (re)connect.</summary>
    public async Task StepAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        _outbox.Clear();
        Model.Step(now, _outbox);
        await Connection.EnsureConnectedAsync(cancellationToken);
        foreach (var message in _outbox)
        {
            await Connection.PublishAsync(message, cancellationToken);
        }
    }

    /// <summary>Power cut: the session drops without goodbye, so the broker publishes the offline will.</summary>
    public void Stop()
    {
        Stopped = true;
        Connection.DropConnection();
    }

    public void Start() => Stopped = false;
}
