using CommandCenter.TelemetryIngest.Certificates;

namespace CommandCenter.TelemetryIngest.Broker.Listener;

/// <summary>MQTT over TLS (<c>Mqtt:Tls</c>), for devices on the network.</summary>
public sealed class MqttTlsOptions() : TlsListenerOptions(defaultPort: 8883)
{
    public const string Section = "Mqtt:Tls";
}
