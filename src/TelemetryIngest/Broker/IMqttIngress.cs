namespace CommandCenter.TelemetryIngest.Broker;

/// <summary>
/// Where MQTT messages enter ingest: the embedded broker or a client of an external broker.
/// Health checks read it without knowing which mode is configured.
/// </summary>
public interface IMqttIngress
{
    /// <summary>True while messages can flow: the broker listens, or the client is connected and subscribed.</summary>
    bool IsRunning { get; }

    /// <summary>One line for operators: the address and, when not running, why.</summary>
    string Describe();
}
