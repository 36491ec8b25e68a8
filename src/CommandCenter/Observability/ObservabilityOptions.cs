using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Sockets;

namespace CommandCenter.Observability;

/// <summary><c>Metrics:*</c>: how the product's gauges read what it already knows, and an optional port of its own for scrapers.</summary>
public sealed class MetricsOptions : IValidatableObject
{
    public const string Section = "Metrics";

    /// <summary>
    /// A second plain-HTTP port that answers <c>/metrics</c> only (everything else 404, never sent to HTTPS), for a
    /// firewall rule that lets the Prometheus network reach metrics and nothing else; off when unset. The scrape
    /// still needs a <c>monitoring</c> key or an operator's session, as on the main port.
    /// </summary>
    [Range(1, 65535)]
    public int? Port { get; set; }

    /// <summary>The IPv4 address the metrics port listens on.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    public string? Url => Port is { } port ? $"http://{BindAddress}:{port}" : null;

    /// <summary>
    /// How long a gauge that costs a read (open alarms and work orders from the city's rollup, disk use of the data
    /// folder) keeps its last reading; a scrape after that starts a fresh read and sees it from the next scrape on.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan GaugeRefresh { get; set; } = TimeSpan.FromSeconds(15);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IPAddress.TryParse(BindAddress, out var address) || address.AddressFamily != AddressFamily.InterNetwork)
        {
            yield return new ValidationResult($"Metrics:BindAddress '{BindAddress}' is not an IPv4 address", [nameof(BindAddress)]);
        }
    }
}

public enum OtlpProtocol
{
    Grpc,
    HttpProtobuf,
}

/// <summary>
/// <c>Otlp:*</c>: export of metrics and traces over OTLP, off unless an endpoint is configured here or in the
/// standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (the other <c>OTEL_EXPORTER_OTLP_*</c> variables apply as usual).
/// </summary>
public sealed class OtlpOptions
{
    public const string Section = "Otlp";

    /// <summary>The collector, e.g. <c>http://collector:4317</c> (gRPC) or <c>http://collector:4318</c> (HTTP, the <c>/v1/…</c> paths are added).</summary>
    public Uri? Endpoint { get; set; }

    public OtlpProtocol Protocol { get; set; } = OtlpProtocol.Grpc;

    /// <summary>Share of traces kept, decided at the root (a device message, a request, an alarm or work-order step).</summary>
    [Range(0.0, 1.0)]
    public double TraceSampleRatio { get; set; } = 0.01;
}
