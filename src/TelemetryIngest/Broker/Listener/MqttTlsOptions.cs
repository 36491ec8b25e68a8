using System.ComponentModel.DataAnnotations;
using System.Net;

namespace CommandCenter.TelemetryIngest.Broker.Listener;

/// <summary>
/// MQTT over TLS (<c>Mqtt:Tls</c>). On when a certificate is configured, or when
/// <see cref="DemoAuthority"/> lets the command center make a private CA and a server certificate
/// under the data folder (the demo's way; a city uses its own certificate).
/// </summary>
public sealed class MqttTlsOptions : IValidatableObject
{
    public const string Section = "Mqtt:Tls";

    /// <summary>TCP port of the TLS listener.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 8883;

    /// <summary>IPv4 address of the TLS listener; devices reach it over the network.</summary>
    [Required]
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>Server certificate: a PEM file (with <see cref="KeyPath"/>) or a PKCS#12 file.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>PEM private key of <see cref="CertificatePath"/>; none for a PKCS#12 file.</summary>
    public string? KeyPath { get; set; }

    /// <summary>Password of a PKCS#12 <see cref="CertificatePath"/>.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Without a certificate: make (once) a private CA and server certificate in the data folder's <c>tls/</c>.</summary>
    public bool DemoAuthority { get; set; }

    public bool IsEnabled => !string.IsNullOrWhiteSpace(CertificatePath) || DemoAuthority;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IPAddress.TryParse(BindAddress, out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            yield return new ValidationResult($"'{BindAddress}' is not an IPv4 address", [nameof(BindAddress)]);
        }

        if (!string.IsNullOrWhiteSpace(CertificatePath) && !File.Exists(CertificatePath))
        {
            yield return new ValidationResult($"CertificatePath '{CertificatePath}' does not exist", [nameof(CertificatePath)]);
        }

        if (!string.IsNullOrWhiteSpace(KeyPath) && !File.Exists(KeyPath))
        {
            yield return new ValidationResult($"KeyPath '{KeyPath}' does not exist", [nameof(KeyPath)]);
        }
    }
}
