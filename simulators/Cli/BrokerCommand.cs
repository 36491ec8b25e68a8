using System.CommandLine;
using CommandCenter.Protocol;
using CommandCenter.Simulators.City;

namespace CommandCenter.Simulators.Cli;

/// <summary>Options of <c>broker</c>.</summary>
public sealed record BrokerOptions
{
    public string Credentials { get; init; } = DemoCity.CredentialsFileName;

    public string? Out { get; init; }

    public int Port { get; init; } = 1883;

    public string Bind { get; init; } = "127.0.0.1";

    public int IngestPort { get; init; } = 2883;

    public string IngestUser { get; init; } = "cc-ingest";

    public string? IngestSecret { get; init; }

    /// <summary>Null: persistence in &lt;out&gt;/persistence.</summary>
    public string? Persistence { get; init; }
}

/// <summary><c>broker</c>: writes cluster mode's Mosquitto configuration (<see cref="MosquittoClusterConfig"/>) from the demo credentials.</summary>
public sealed class BrokerCommand(TextWriter output, TextWriter errors) : Verb<BrokerOptions>(output, errors)
{
    private static readonly BrokerOptions Defaults = new();

    private readonly Option<string> _credentials = VerbOptions.Text("--credentials", "FILE", "the devices' plain-text credentials", Defaults.Credentials);
    private readonly Option<string?> _out = VerbOptions.RequiredText("--out", "DIR", "folder for mosquitto.conf, the password files and the ACLs");
    private readonly Option<int> _port = VerbOptions.Whole("--port", "N", "port of the device listener", 1, 65535, Defaults.Port);
    private readonly Option<string> _bind = VerbOptions.Text("--bind", "ADDRESS", "address of the device listener", Defaults.Bind);
    private readonly Option<int> _ingestPort = VerbOptions.Whole("--ingest-port", "N", "port of the ingest listener (always on 127.0.0.1)", 1, 65535, Defaults.IngestPort);
    private readonly Option<string> _ingestUser = VerbOptions.Text("--ingest-user", "NAME", "user name the silos log in with", Defaults.IngestUser);
    private readonly Option<string?> _ingestSecret = VerbOptions.RequiredText("--ingest-secret", "FILE", "file holding the ingest user's password");
    private readonly Option<string?> _persistence = VerbOptions.OptionalText("--persistence", "DIR", "where Mosquitto keeps sessions across restarts", "<out>/persistence");

    public override string Name => "broker";

    public override string Summary => "Writes a Mosquitto 2 configuration for cluster mode from the demo credentials: a device listener and an ingest listener.";

    public override string Notes { get; } =
        $"""
        Writes into --out, each file readable by its owner only (chown them to the user Mosquitto runs as):
          {MosquittoClusterConfig.ConfigFileName,-16} per_listener_settings true and two listeners:
          {"",-16} devices on --bind:--port: client id = user name (use_username_as_clientid), so a device
          {"",-16}   cannot connect under another's id; each may publish only its kind's topics under its
          {"",-16}   own id (an elevator cc/v1/elevators/<id>/status|event, every device
          {"",-16}   cc/v1/devices/<id>/presence, ...), and may read nothing;
          {"",-16} ingest on 127.0.0.1:--ingest-port: only --ingest-user, which reads cc/v1/#; silos keep
          {"",-16}   their own client ids there, so one can take over a dead silo's session.
          {MosquittoClusterConfig.DevicePasswordFileName,-16} the devices' secrets, hashed as mosquitto_passwd does (PBKDF2-SHA512)
          {MosquittoClusterConfig.DeviceAclFileName,-16} one "user" block per device
          {MosquittoClusterConfig.IngestPasswordFileName,-16} the ingest user
          {MosquittoClusterConfig.IngestAclFileName,-16} its read grant
        Device ids must be letters, digits, '-' or '_' and must not start with --ingest-user (the silos'
        client ids do). Start the broker with: mosquitto -c <out>/{MosquittoClusterConfig.ConfigFileName}
        """;

    protected override IEnumerable<Option> Options => [_credentials, _out, _port, _bind, _ingestPort, _ingestUser, _ingestSecret, _persistence];

    protected override IEnumerable<Option> Required => [_out, _ingestSecret];

    public override BrokerOptions Read(ParseResult parse) => new()
    {
        Credentials = parse.GetValue(_credentials)!,
        Out = parse.GetValue(_out),
        Port = parse.GetValue(_port),
        Bind = parse.GetValue(_bind)!,
        IngestPort = parse.GetValue(_ingestPort),
        IngestUser = parse.GetValue(_ingestUser)!,
        IngestSecret = parse.GetValue(_ingestSecret),
        Persistence = parse.GetValue(_persistence),
    };

    protected override Task<int> ExecuteAsync(BrokerOptions options, CancellationToken cancellationToken)
    {
        var folder = Path.GetFullPath(options.Out!);
        try
        {
            var credentials = DemoCity.ReadCredentials(options.Credentials);
            var password = File.ReadAllText(options.IngestSecret!).Trim();
            var config = new MosquittoClusterConfig
            {
                Devices = credentials.Devices,
                DevicePort = options.Port,
                DeviceAddress = options.Bind,
                IngestPort = options.IngestPort,
                IngestUsername = options.IngestUser,
                IngestPassword = password,
                PersistenceFolder = Path.GetFullPath(options.Persistence ?? Path.Combine(folder, "persistence")),
            };
            Directory.CreateDirectory(config.PersistenceFolder);
            var path = config.WriteTo(folder);
            var kinds = credentials.Devices.GroupBy(d => d.Kind).OrderBy(g => g.Key).Select(g => $"{g.Key.ToString().ToLowerInvariant()} {g.Count()}");
            Output.WriteLine($"Wrote {path}: devices on {options.Bind}:{options.Port} ({string.Join(", ", kinds)}); ingest as {options.IngestUser} on 127.0.0.1:{options.IngestPort}");
            return Task.FromResult(0);
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            Errors.WriteLine($"error: {ex.Message}");
            return Task.FromResult(1);
        }
    }
}
