using CommandCenter.Protocol;
using CommandCenter.Simulators.Mqtt;

namespace CommandCenter.Simulators.Cli;

/// <summary><c>--tls</c> and <c>--cafile</c>, shared by the verbs that connect devices.</summary>
public static class TlsOption
{
    public const string DefaultCaFile = "tls/ca.crt";

    public const string TlsHelp = "connect over TLS (the command center's Mqtt:Tls port, e.g. --port 8883)";

    public const string CaFileHelp = "CA certificate (PEM) that signed the broker's; implies --tls";

    public const string CaFileDefault = "tls/ca.crt beside the credentials file if there, else the system's trust store";

    /// <summary>What the options ask for: plain TCP, or TLS trusting the given or the demo CA.</summary>
    public static BrokerTls? Resolve(bool tls, string? caFile, string credentials)
    {
        if (!tls && caFile is null)
        {
            return null;
        }

        var demoCa = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(credentials))!, DefaultCaFile);
        var path = caFile ?? (File.Exists(demoCa) ? demoCa : null);
        if (path is not null && !File.Exists(path))
        {
            throw new FileNotFoundException($"--cafile {path} does not exist", path);
        }

        return new BrokerTls(path is null ? null : CertificateTrust.LoadCa(path));
    }
}
