using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace CommandCenter.TelemetryIngest.Certificates;

/// <summary>
/// A TLS port that clients reach over the network (MQTT over TLS, the web tier's HTTPS). On when a
/// certificate is configured, or when <see cref="DemoAuthority"/> lets the command center make a
/// private CA and a server certificate under the data folder (the demo's way; a city uses its own
/// certificate).
/// </summary>
public abstract class TlsListenerOptions(int defaultPort) : IValidatableObject
{
    /// <summary>TCP port of the TLS listener.</summary>
    public int Port { get; set; } = defaultPort;

    /// <summary>IPv4 address of the TLS listener; clients reach it over the network.</summary>
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

    /// <summary>The demo CA's certificate is served: no certificate of the city's is configured.</summary>
    public bool UsesDemoAuthority => DemoAuthority && string.IsNullOrWhiteSpace(CertificatePath);

    /// <summary>The configured certificate, or the demo server certificate from <see cref="DemoCertificateAuthority.FolderIn"/>.</summary>
    public X509Certificate2 LoadCertificate(DataOptions data, TimeProvider time)
    {
        if (UsesDemoAuthority)
        {
            return DemoCertificateAuthority.EnsureServerCertificate(DemoCertificateAuthority.FolderIn(data), time);
        }

        return string.IsNullOrWhiteSpace(KeyPath)
            ? X509CertificateLoader.LoadPkcs12FromFile(CertificatePath!, CertificatePassword)
            : DemoCertificateAuthority.LoadPem(CertificatePath!, KeyPath);
    }

    /// <summary>Every check here, none in attributes: the validator calls this only when all attributes pass.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Port is < 1 or > 65535)
        {
            yield return new ValidationResult($"Port {Port} is not between 1 and 65535", [nameof(Port)]);
        }

        if (!IPAddress.TryParse(BindAddress, out var address) || address.AddressFamily != AddressFamily.InterNetwork)
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
