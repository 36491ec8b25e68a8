using System.CommandLine;
using CommandCenter.Protocol;
using CommandCenter.Simulators.City;
using CommandCenter.Simulators.Mqtt;

namespace CommandCenter.Simulators.Cli;

/// <summary>Where the simulated devices connect and as whom: the options <c>run</c> and <c>load</c> share.</summary>
public sealed record DeviceBroker
{
    public const string DefaultCaFile = "tls/ca.crt";

    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 1883;

    public bool Tls { get; init; }

    public string? CaFile { get; init; }

    /// <summary>The devices' credentials file (written by the <c>city</c> verb); the city's other files lie beside it.</summary>
    public string Credentials { get; init; } = Path.Combine(".", "data", DemoCity.CredentialsFileName);

    /// <summary>A file of the demo city that lies beside the credentials file.</summary>
    public string BesideCredentials(string fileName) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(Credentials))!, fileName);

    /// <summary>What the options ask for: plain TCP, or TLS trusting the given CA, else the demo CA, else the system's.</summary>
    public BrokerTls? ResolveTls()
    {
        if (!Tls && CaFile is null)
        {
            return null;
        }

        var demoCa = BesideCredentials(DefaultCaFile);
        var path = CaFile ?? (File.Exists(demoCa) ? demoCa : null);
        if (path is not null && !File.Exists(path))
        {
            throw new FileNotFoundException($"--cafile {path} does not exist", path);
        }

        return new BrokerTls(path is null ? null : CertificateTrust.LoadCa(path));
    }

    /// <summary><c>mqtt://host:port</c> or <c>mqtts://…</c>, for progress lines.</summary>
    public string Address(BrokerTls? tls) => $"{(tls is null ? "mqtt" : "mqtts")}://{Host}:{Port}";
}

/// <summary>The command-line options of a <see cref="DeviceBroker"/>, for a verb to list and read.</summary>
/// <param name="credentialsHelp">What the verb does with the credentials file.</param>
internal sealed class DeviceBrokerOptions(string credentialsHelp)
{
    private static readonly DeviceBroker Defaults = new();

    private readonly Option<string> _host = VerbOptions.Text("--host", "HOST", "MQTT broker host", Defaults.Host);
    private readonly Option<int> _port = VerbOptions.Whole("--port", "PORT", "MQTT broker port", 1, 65535, Defaults.Port);
    private readonly Option<bool> _tls = VerbOptions.Flag("--tls", "connect over TLS (the command center's Mqtt:Tls port, e.g. --port 8883)");
    private readonly Option<string?> _caFile = VerbOptions.OptionalText(
        "--cafile", "FILE", "CA certificate (PEM) that signed the broker's; implies --tls", "tls/ca.crt beside the credentials file if there, else the system's trust store");
    private readonly Option<string> _credentials = VerbOptions.Text("--credentials", "FILE", credentialsHelp, Defaults.Credentials);

    public IEnumerable<Option> All => [_host, _port, _tls, _caFile, _credentials];

    public DeviceBroker Read(ParseResult parse) => new()
    {
        Host = parse.GetValue(_host)!,
        Port = parse.GetValue(_port),
        Tls = parse.GetValue(_tls),
        CaFile = parse.GetValue(_caFile),
        Credentials = parse.GetValue(_credentials)!,
    };
}
