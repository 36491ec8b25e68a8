using System.ComponentModel.DataAnnotations;
using CommandCenter.Protocol;
using CommandCenter.TelemetryIngest.Certificates;
using Orleans.Connections.Security;

namespace CommandCenter.Cluster;

/// <summary>
/// Mutual TLS between silos (<c>Orleans:Tls</c>), required in cluster mode: every silo presents a
/// certificate issued by the cluster CA and accepts only peers that do. Either a certificate with its
/// key and the CA as PEM files, or a demo authority folder shared by the silos of one machine.
/// </summary>
public sealed class SiloTlsOptions
{
    /// <summary>This silo's certificate (PEM).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Its private key (PEM).</summary>
    public string? KeyPath { get; set; }

    /// <summary>The cluster CA (PEM) every peer's certificate must chain to.</summary>
    public string? CaPath { get; set; }

    /// <summary>Demo only: a folder where the silos make a cluster CA once and each its own certificate.</summary>
    public string? DemoAuthorityFolder { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(DemoAuthorityFolder)
        || (!string.IsNullOrWhiteSpace(CertificatePath) && !string.IsNullOrWhiteSpace(KeyPath) && !string.IsNullOrWhiteSpace(CaPath));

    public IEnumerable<ValidationResult> Validate(string prefix)
    {
        if (!IsConfigured)
        {
            yield return new ValidationResult(
                $"{prefix}: cluster mode needs mutual TLS between silos: set CertificatePath, KeyPath and CaPath, or DemoAuthorityFolder",
                [nameof(CertificatePath)]);
            yield break;
        }

        foreach (var (name, path) in new[] { (nameof(CertificatePath), CertificatePath), (nameof(KeyPath), KeyPath), (nameof(CaPath), CaPath) })
        {
            if (!string.IsNullOrWhiteSpace(path) && !File.Exists(path))
            {
                yield return new ValidationResult($"{prefix}:{name} '{path}' does not exist", [name]);
            }
        }
    }
}

public static class SiloTlsExtensions
{
    /// <summary>Silo-to-silo and gateway connections over TLS, each end presenting a certificate of the cluster CA.</summary>
    public static ISiloBuilder UseMutualTls(this ISiloBuilder orleans, SiloTlsOptions tls, string siloName)
    {
        var (certificate, authority) = string.IsNullOrWhiteSpace(tls.DemoAuthorityFolder)
            ? (DemoCertificateAuthority.LoadPem(tls.CertificatePath!, tls.KeyPath!), CertificateTrust.LoadCa(tls.CaPath!))
            : DemoCertificateAuthority.EnsureSiloCertificate(tls.DemoAuthorityFolder, siloName, TimeProvider.System);
        return orleans.UseTls(certificate, options =>
        {
            options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;

            // Silos are reached by address, not by a name in their certificate: what proves a peer is
            // that the cluster CA issued it a silo certificate (both TLS usages, not a CA).
            options.RemoteCertificateValidation = (remote, _, _) =>
                CertificateTrust.ChainsTo(authority, remote, CertificateTrust.ServerAuthentication, CertificateTrust.ClientAuthentication);
        });
    }
}
