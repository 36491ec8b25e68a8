using System.Security.Cryptography.X509Certificates;

namespace CommandCenter.Protocol;

/// <summary>
/// Trusting the command center's own certificate authority (the demo's private CA, or a city's) for
/// MQTT over TLS, without adding it to the machine's trust store.
/// </summary>
public static class CertificateTrust
{
    /// <summary>Reads a PEM CA certificate such as the demo's <c>tls/ca.crt</c>.</summary>
    public static X509Certificate2 LoadCa(string path) => X509Certificate2.CreateFromPem(File.ReadAllText(path));

    /// <summary>True when <paramref name="presented"/> chains to <paramref name="ca"/> and is valid now.</summary>
    public static bool ChainsTo(X509Certificate2 ca, X509Certificate? presented)
    {
        if (presented is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var certificate = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        return chain.Build(certificate);
    }
}
