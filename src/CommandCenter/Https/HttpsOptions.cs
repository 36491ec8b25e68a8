using CommandCenter.TelemetryIngest.Certificates;

namespace CommandCenter.Https;

/// <summary>
/// The web tier over HTTPS (<c>Https</c>), next to the plain HTTP of <c>urls</c>; off unless a
/// certificate or the demo CA (the one MQTT over TLS serves) is configured.
/// </summary>
public sealed class HttpsOptions() : TlsListenerOptions(defaultPort: 5443)
{
    public const string Section = "Https";

    public string Url => $"https://{BindAddress}:{Port}";
}
