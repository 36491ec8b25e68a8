using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CommandCenter.TelemetryIngest.Certificates;

/// <summary>
/// A private certificate authority for the demo city, made with .NET's own
/// <see cref="CertificateRequest"/>: <c>ca.crt</c> (give it to devices and browsers),
/// <c>ca.key</c>, and a server certificate <c>server.crt</c>/<c>server.key</c> for this machine's
/// names, all PEM, keys readable by the owner only. Files already there are reused, so devices that
/// trust the CA keep trusting it across restarts.
/// </summary>
public static class DemoCertificateAuthority
{
    public const string CaCertificateFile = "ca.crt";
    public const string CaKeyFile = "ca.key";
    public const string ServerCertificateFile = "server.crt";
    public const string ServerKeyFile = "server.key";

    private static readonly TimeSpan CaLifetime = TimeSpan.FromDays(3650);

    // Browsers refuse server certificates valid for more than 398 days.
    private static readonly TimeSpan ServerLifetime = TimeSpan.FromDays(397);

    /// <summary>Makes what is missing in <paramref name="folder"/> and returns the server certificate with its key.</summary>
    public static X509Certificate2 EnsureServerCertificate(string folder, TimeProvider time)
    {
        Directory.CreateDirectory(folder);
        var caCertificatePath = Path.Combine(folder, CaCertificateFile);
        var caKeyPath = Path.Combine(folder, CaKeyFile);
        var serverCertificatePath = Path.Combine(folder, ServerCertificateFile);
        var serverKeyPath = Path.Combine(folder, ServerKeyFile);
        var now = time.GetUtcNow();

        if (!File.Exists(caCertificatePath) || !File.Exists(caKeyPath))
        {
            using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=CommandCenter demo CA, O=CommandCenter", caKey, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            using var ca = request.CreateSelfSigned(now.AddMinutes(-5), now.Add(CaLifetime));
            WritePrivate(caKeyPath, caKey.ExportPkcs8PrivateKeyPem());
            File.WriteAllText(caCertificatePath, ca.ExportCertificatePem());
            File.Delete(serverCertificatePath);
        }

        if (!File.Exists(serverCertificatePath) || !File.Exists(serverKeyPath) || ExpiresSoon(serverCertificatePath, now))
        {
            using var ca = X509Certificate2.CreateFromPemFile(caCertificatePath, caKeyPath);
            using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=CommandCenter, O=CommandCenter", serverKey, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
            request.CertificateExtensions.Add(SubjectAlternativeNames());
            var serial = RandomNumberGenerator.GetBytes(16);
            serial[0] &= 0x7F;
            var notAfter = now.Add(ServerLifetime) < ca.NotAfter ? now.Add(ServerLifetime) : new DateTimeOffset(ca.NotAfter.ToUniversalTime());
            using var server = request.Create(ca, now.AddMinutes(-5), notAfter, serial);
            WritePrivate(serverKeyPath, serverKey.ExportPkcs8PrivateKeyPem());
            File.WriteAllText(serverCertificatePath, server.ExportCertificatePem());
        }

        return LoadPem(serverCertificatePath, serverKeyPath);
    }

    /// <summary>A PEM certificate with its key, usable by SslStream on every platform.</summary>
    public static X509Certificate2 LoadPem(string certificatePath, string keyPath)
    {
        using var pem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);

        // Keys from PEM are ephemeral; a round trip through PKCS#12 gives SslStream a key it can use everywhere.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
    }

    private static bool ExpiresSoon(string certificatePath, DateTimeOffset now)
    {
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
        return certificate.NotAfter.ToUniversalTime() < now.UtcDateTime.AddDays(30);
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

    private static void WritePrivate(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(path, options);
        writer.Write(content);
    }
}
