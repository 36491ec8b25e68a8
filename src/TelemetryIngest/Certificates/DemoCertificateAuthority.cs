using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;
using CommandCenter.Plumbing;
using CommandCenter.Protocol;

namespace CommandCenter.TelemetryIngest.Certificates;

/// <summary>
/// A private certificate authority for the demo city, made with .NET's own
/// <see cref="CertificateRequest"/>: <c>ca.crt</c> (give it to devices and browsers),
/// <c>ca.key</c>, and certificates it issues: the server's <c>server.crt</c>/<c>server.key</c> for
/// this machine's names, and each silo's for mutual TLS between silos; all PEM, keys readable by the
/// owner only. Files already there are reused (and renewed 30 days before they expire), so devices
/// that trust the CA keep trusting it across restarts.
/// </summary>
public static class DemoCertificateAuthority
{
    public const string CaCertificateFile = "ca.crt";
    public const string CaKeyFile = "ca.key";

    /// <summary>The demo CA's folder, <c>tls/</c> in the data folder: MQTT over TLS and HTTPS serve the same server certificate.</summary>
    public static string FolderIn(DataOptions data) => data.Combine("tls");

    /// <summary>The demo CA's certificate in <see cref="FolderIn"/>: what devices and browsers are given to trust.</summary>
    public static string CaCertificateIn(DataOptions data) => Path.Combine(FolderIn(data), CaCertificateFile);

    private static readonly TimeSpan CaLifetime = TimeSpan.FromDays(3650);

    // Browsers refuse server certificates valid for more than 398 days; silo certificates follow suit.
    private static readonly TimeSpan IssuedLifetime = TimeSpan.FromDays(397);

    /// <summary>Makes what is missing in <paramref name="folder"/> and returns the server certificate with its key.</summary>
    public static X509Certificate2 EnsureServerCertificate(string folder, TimeProvider time) =>
        EnsureIssued(folder, "server", "CN=CommandCenter, O=CommandCenter", [CertificateTrust.ServerAuthentication], time);

    /// <summary>
    /// A certificate for one silo of a cluster (<c>silo-NAME.crt</c>/<c>.key</c>), signed by the cluster
    /// CA in <paramref name="folder"/>, good for both ends of mutual TLS; returns it and the CA.
    /// </summary>
    public static (X509Certificate2 Silo, X509Certificate2 Authority) EnsureSiloCertificate(string folder, string siloName, TimeProvider time)
    {
        var safeName = string.Concat(siloName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
        var silo = EnsureIssued(folder, $"silo-{safeName}", $"CN={safeName}, OU=silo, O=CommandCenter", [CertificateTrust.ServerAuthentication, CertificateTrust.ClientAuthentication], time);
        return (silo, CertificateTrust.LoadCa(Path.Combine(folder, CaCertificateFile)));
    }

    private static X509Certificate2 EnsureIssued(string folder, string name, string subject, Oid[] usages, TimeProvider time)
    {
        Directory.CreateDirectory(folder);
        var certificatePath = Path.Combine(folder, $"{name}.crt");
        var keyPath = Path.Combine(folder, $"{name}.key");
        var now = time.GetUtcNow();

        // Silos of one machine share the folder and may start together: one makes the CA, the others wait.
        using (HoldLock(folder))
        {
            var caCertificatePath = Path.Combine(folder, CaCertificateFile);
            var caKeyPath = Path.Combine(folder, CaKeyFile);
            if (!File.Exists(caCertificatePath) || !File.Exists(caKeyPath))
            {
                using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                var request = new CertificateRequest("CN=CommandCenter demo CA, O=CommandCenter", caKey, HashAlgorithmName.SHA256);
                request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
                request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
                request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
                using var ca = request.CreateSelfSigned(now.AddMinutes(-5), now.Add(CaLifetime));
                AtomicFile.Write(caKeyPath, caKey.ExportPkcs8PrivateKeyPem(), ownerOnly: true);
                AtomicFile.Write(caCertificatePath, ca.ExportCertificatePem(), ownerOnly: false);
            }

            if (!File.Exists(certificatePath) || !File.Exists(keyPath) || !StillGood(certificatePath, keyPath, caCertificatePath, now))
            {
                using var ca = X509Certificate2.CreateFromPemFile(caCertificatePath, caKeyPath);
                using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
                request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
                request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
                request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([.. usages], false));
                request.CertificateExtensions.Add(SubjectAlternativeNames());
                var serial = RandomNumberGenerator.GetBytes(16);
                serial[0] &= 0x7F;
                var notAfter = now.Add(IssuedLifetime) < ca.NotAfter ? now.Add(IssuedLifetime) : new DateTimeOffset(ca.NotAfter.ToUniversalTime());
                using var issued = request.Create(ca, now.AddMinutes(-5), notAfter, serial);
                AtomicFile.Write(keyPath, key.ExportPkcs8PrivateKeyPem(), ownerOnly: true);
                AtomicFile.Write(certificatePath, issued.ExportCertificatePem(), ownerOnly: false);
            }
        }

        return LoadPem(certificatePath, keyPath);
    }

    private static FileStream HoldLock(string folder)
    {
        var path = Path.Combine(folder, ".lock");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(100);
            }
        }
    }

    /// <summary>A PEM certificate with its key, usable by SslStream on every platform.</summary>
    public static X509Certificate2 LoadPem(string certificatePath, string keyPath)
    {
        using var pem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);

        // Keys from PEM are ephemeral; a round trip through PKCS#12 gives SslStream a key it can use everywhere.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
    }

    /// <summary>
    /// An issued certificate is reused while it has 30 days left, was issued by the CA now in the folder
    /// (a CA made anew orphans the old ones) and matches its key (a crash between the two writes).
    /// </summary>
    private static bool StillGood(string certificatePath, string keyPath, string caCertificatePath, DateTimeOffset now)
    {
        try
        {
            using var pair = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            using var ca = CertificateTrust.LoadCa(caCertificatePath);
            return pair.NotAfter.ToUniversalTime() >= now.UtcDateTime.AddDays(30) && CertificateTrust.ChainsTo(ca, pair);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static X509Extension SubjectAlternativeNames()
    {
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        var host = Dns.GetHostName();
        if (!string.IsNullOrWhiteSpace(host) && !string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            names.AddDnsName(host);
        }

        return names.Build();
    }
}
