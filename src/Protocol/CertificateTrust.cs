using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CommandCenter.Protocol;

/// <summary>
/// Trusting the command center's own certificate authority (the demo's private CA, or a city's) for
/// MQTT over TLS and between silos, without adding it to the machine's trust store.
/// </summary>
public static class CertificateTrust
{
    /// <summary>TLS server authentication (a broker, a silo accepting a connection).</summary>
    public static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    /// <summary>TLS client authentication (a silo connecting to another).</summary>
    public static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    /// <summary>Reads a PEM CA certificate such as the demo's <c>tls/ca.crt</c>.</summary>
    public static X509Certificate2 LoadCa(string path) => X509Certificate2.CreateFromPem(File.ReadAllText(path));

    /// <summary>
    /// True when <paramref name="presented"/> is an end-entity certificate issued under <paramref name="ca"/>,
    /// valid now and for every usage given. Nothing is downloaded while checking: a peer could otherwise
    /// make this process fetch a URL of its choosing during the handshake.
    /// </summary>
    public static bool ChainsTo(X509Certificate2 ca, X509Certificate? presented, params Oid[] usages)
    {
        if (presented is null)
        {
            return false;
        }

        using var certificate = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        if (certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(constraints => constraints.CertificateAuthority))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        foreach (var usage in usages)
        {
            chain.ChainPolicy.ApplicationPolicy.Add(usage);
        }

        return chain.Build(certificate);
    }

    /// <summary>
    /// A client's check of the server it reached: issued under <paramref name="ca"/> for server use, and
    /// for the name the client asked for (only the chain, which the platform cannot know, is ours to judge).
    /// </summary>
    public static bool IsServerOf(X509Certificate2 ca, X509Certificate? presented, SslPolicyErrors errors) =>
        (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None
        && ChainsTo(ca, presented, ServerAuthentication);
}
