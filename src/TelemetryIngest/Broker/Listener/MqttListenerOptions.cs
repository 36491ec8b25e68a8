using System.ComponentModel.DataAnnotations;
using System.Net;

namespace CommandCenter.TelemetryIngest.Broker.Listener;

/// <summary>
/// Limits of the embedded broker's listeners (<c>Mqtt:Limits</c>). Every packet is checked against
/// its type's limit from the fixed header before any buffer for it exists; connections that have not
/// signed in are capped per source address; every connection counts against a total.
/// </summary>
public sealed class MqttListenerOptions : IValidatableObject
{
    public const string Section = "Mqtt:Limits";

    /// <summary>Largest CONNECT packet (client id, credentials, last will and properties).</summary>
    [Range(64, 1024 * 1024)]
    public int MaxConnectBytes { get; set; } = 4 * 1024;

    /// <summary>
    /// Largest PUBLISH packet: topic, properties and payload. The default is twice the largest
    /// payload of protocol v1 (a 16 KiB record), so a payload just over its kind's limit still gets a
    /// PUBACK that says why, while a device declaring more is disconnected.
    /// </summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxPublishBytes { get; set; } = 64 * 1024;

    /// <summary>Largest SUBSCRIBE or UNSUBSCRIBE packet (devices may not subscribe; ingest tools may).</summary>
    [Range(16, 1024 * 1024)]
    public int MaxSubscribeBytes { get; set; } = 1024;

    /// <summary>Largest acknowledgement, ping, DISCONNECT or AUTH packet.</summary>
    [Range(16, 64 * 1024)]
    public int MaxControlBytes { get; set; } = 256;

    /// <summary>
    /// Connections from one address that have not completed CONNECT. Devices behind carrier NAT share
    /// addresses, so signed-in sessions never count here, only against <see cref="MaxConnections"/>.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxPendingPerAddress { get; set; } = 32;

    /// <summary>
    /// Connections that have not completed CONNECT, from all addresses together: an attacker with many
    /// addresses (an IPv6 prefix, a botnet) is capped too, while signed-in devices are not held up.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxPendingTotal { get; set; } = 4096;

    /// <summary>
    /// All MQTT connections together, signed in or not. 0 chooses the process's open-file limit minus
    /// <see cref="FileReserve"/>, so a flood on the MQTT port never takes the web tier's sockets.
    /// </summary>
    [Range(0, 10_000_000)]
    public int MaxConnections { get; set; }

    /// <summary>Open files kept back for the web tier, storage and logs when <see cref="MaxConnections"/> is 0.</summary>
    [Range(64, 1_000_000)]
    public int FileReserve { get; set; } = 2048;

    /// <summary>A client that has not completed CONNECT (TLS handshake included) by then is dropped.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Source ranges (CIDR, e.g. <c>10.20.0.0/16</c>) exempt from the per-address cap, such as a gateway's
    /// own NAT. IPv6 sources count per /64, the block one subscriber usually holds.
    /// </summary>
    public List<string> ExemptRanges { get; set; } = [];

    /// <summary>Refused connections sampled into the dead letters per reason and second; every refusal is counted.</summary>
    [Range(1, 10_000)]
    public int RefusalSamplesPerSecond { get; set; } = 5;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ConnectTimeout < TimeSpan.FromSeconds(1) || ConnectTimeout > TimeSpan.FromMinutes(5))
        {
            yield return new ValidationResult($"ConnectTimeout {ConnectTimeout} is not between 1 second and 5 minutes", [nameof(ConnectTimeout)]);
        }

        foreach (var range in ExemptRanges)
        {
            if (!IPNetwork.TryParse(range, out _))
            {
                yield return new ValidationResult($"ExemptRanges: '{range}' is not a CIDR range such as 10.20.0.0/16", [nameof(ExemptRanges)]);
            }
        }
    }

    /// <summary>The total cap in force: the configured one, or the open-file limit less the reserve.</summary>
    public int EffectiveMaxConnections(long? openFileLimit) => MaxConnections > 0
        ? MaxConnections
        : (int)Math.Clamp((openFileLimit ?? 1024) - FileReserve, 64, int.MaxValue);
}
