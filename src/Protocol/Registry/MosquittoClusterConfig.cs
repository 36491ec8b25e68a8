using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CommandCenter.Plumbing;

namespace CommandCenter.Protocol;

/// <summary>
/// A Mosquitto 2.0 configuration for cluster mode, written from the devices' plain-text credentials:
/// <list type="bullet">
/// <item>a <b>device listener</b> where the client id is replaced by the user name
/// (<c>use_username_as_clientid</c>), so no device can connect under another's id or push another off,
/// and an ACL with one <c>user</c> block per device granting write on exactly the topics its kind may
/// publish under its own id (<see cref="DeviceSecrets.MayPublish"/>) and no read at all;</item>
/// <item>an <b>ingest listener</b> on loopback only, where the command center's silos keep their own
/// client ids (so a survivor can connect under a dead silo's id and take over its session) and only the
/// ingest user may log in, to read <c>cc/v1/#</c>.</item>
/// </list>
/// <c>per_listener_settings true</c> gives each listener its own password file and ACL, so a device
/// cannot log in on the ingest listener nor the ingest user on the device listener. <c>run.sh --cluster</c>
/// writes it through the simulators' <c>broker</c> verb, and the test fixture through this class, so the
/// tests run the broker exactly as the product does.
/// </summary>
public sealed record MosquittoClusterConfig
{
    public const string ConfigFileName = "mosquitto.conf";
    public const string DevicePasswordFileName = "devices.passwd";
    public const string DeviceAclFileName = "devices.acl";
    public const string IngestPasswordFileName = "ingest.passwd";
    public const string IngestAclFileName = "ingest.acl";

    /// <summary>Mosquitto's own default for <c>mosquitto_passwd</c>; device secrets are random 128-bit tokens, not guessable passwords.</summary>
    public const int HashIterations = 101;

    /// <summary>Every registered device with its plain-text secret.</summary>
    public required IReadOnlyList<DemoCredential> Devices { get; init; }

    /// <summary>Port of the device listener (the MQTT port devices are given).</summary>
    public required int DevicePort { get; init; }

    /// <summary>Address the device listener binds to; the address devices reach in a real deployment.</summary>
    public string DeviceAddress { get; init; } = "127.0.0.1";

    /// <summary>Port of the ingest listener, which always binds to 127.0.0.1.</summary>
    public required int IngestPort { get; init; }

    public string IngestUsername { get; init; } = "cc-ingest";

    public required string IngestPassword { get; init; }

    /// <summary>Where Mosquitto keeps sessions and queued messages across its restarts; null: in memory only.</summary>
    public string? PersistenceFolder { get; init; }

    /// <summary>Mosquitto's log file; null: standard output.</summary>
    public string? LogFile { get; init; }

    /// <summary>The user Mosquitto switches to when started as root; null: its default, <c>mosquitto</c>.</summary>
    public string? RunAsUser { get; init; }

    /// <summary>The topics a device of <paramref name="kind"/> may publish on, all under its own id.</summary>
    public static IEnumerable<string> TopicsOf(string deviceId, DeviceKind kind) =>
        Enum.GetValues<MessageKind>()
            .Where(message => message != MessageKind.Unknown && DeviceSecrets.MayPublish(kind, message))
            .Select(message => Topics.For(message, deviceId));

    /// <summary>
    /// A line of a Mosquitto 2 password file, as <c>mosquitto_passwd</c> writes it:
    /// <c>user:$7$iterations$salt$hash</c>, PBKDF2-HMAC-SHA512 with a 12-byte salt and a 64-byte hash, in base64.
    /// </summary>
    public static string PasswordLine(string username, string password)
    {
        var salt = RandomNumberGenerator.GetBytes(12);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, HashIterations, HashAlgorithmName.SHA512, 64);
        return $"{username}:$7${HashIterations.ToString(CultureInfo.InvariantCulture)}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <summary>What makes this configuration unsafe or unusable; empty when it can be written.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!MessageSchemas.IsValidDeviceId(IngestUsername))
        {
            problems.Add($"ingest user name '{IngestUsername}' must be letters, digits, '-' or '_'");
        }

        if (string.IsNullOrEmpty(IngestPassword) || IngestPassword.Any(char.IsControl))
        {
            problems.Add("the ingest password is empty or has control characters");
        }

        if (DevicePort == IngestPort)
        {
            problems.Add($"the device and ingest listeners need different ports, both are {DevicePort}");
        }

        foreach (var device in Devices)
        {
            // Ids go into ACL topics and the password file verbatim: '+', '#', '/', ':' or white space would
            // widen a grant or break a line. Client ids are one namespace across both listeners, so a device
            // named like a silo's ingest client id would take over (and with clean start wipe) its session.
            if (!MessageSchemas.IsValidDeviceId(device.Id))
            {
                problems.Add($"device id '{device.Id}' is not letters, digits, '-' or '_'");
            }
            else if (device.Id.StartsWith(IngestUsername, StringComparison.Ordinal))
            {
                problems.Add($"device id '{device.Id}' starts with the ingest user name '{IngestUsername}', which the silos' client ids start with");
            }

            if (string.IsNullOrEmpty(device.Secret) || device.Secret.Any(char.IsControl))
            {
                problems.Add($"device '{device.Id}' has an empty secret or one with control characters");
            }
        }

        problems.AddRange(Devices.GroupBy(d => d.Id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"device id '{g.Key}' is listed {g.Count()} times"));
        return problems;
    }

    /// <summary>The device listener's ACL: one block per device with its own topics, write only.</summary>
    public string DeviceAcl()
    {
        var acl = new StringBuilder()
            .AppendLine("# Each device may publish only the topics of its kind under its own id (the user name, which is also")
            .AppendLine("# its client id on this listener). Nothing grants read: a device that subscribes receives nothing.");
        foreach (var device in Devices.OrderBy(d => d.Id, StringComparer.Ordinal))
        {
            acl.AppendLine().Append("user ").AppendLine(device.Id);
            foreach (var topic in TopicsOf(device.Id, device.Kind))
            {
                acl.Append("topic write ").AppendLine(topic);
            }
        }

        return acl.ToString();
    }

    /// <summary>The ingest listener's ACL: the ingest user reads every protocol topic (through its shared subscription).</summary>
    public string IngestAcl() =>
        $"""
        # The command center's silos read every protocol topic through their shared subscription $share/<group>/{Topics.All}.
        user {IngestUsername}
        topic read {Topics.All}

        """;

    /// <summary>mosquitto.conf for the files in <paramref name="folder"/>.</summary>
    public string Config(string folder)
    {
        var config = new StringBuilder()
            .AppendLine("# Cluster mode's Mosquitto (written by CommandCenter.Protocol.MosquittoClusterConfig; regenerated on every start).")
            .AppendLine("# Each listener has its own password file and ACL; this must come before any other security setting.")
            .AppendLine("per_listener_settings true");
        if (RunAsUser is not null)
        {
            config.Append("user ").AppendLine(RunAsUser);
        }

        config.AppendLine(PersistenceFolder is null ? "persistence false" : $"persistence true\npersistence_location {WithSlash(PersistenceFolder)}")
            .AppendLine("# Per-client queue while a silo is away (default 1000; messages beyond it are dropped).")
            .AppendLine("max_queued_messages 100000")
            .AppendLine(LogFile is null ? "log_dest stdout" : $"log_dest file {LogFile}")
            .AppendLine("log_type error")
            .AppendLine("log_type warning")
            .AppendLine("log_type notice")
            .AppendLine("log_type information")
            .AppendLine("connection_messages true")
            .AppendLine("log_timestamp_format %Y-%m-%dT%H:%M:%S")
            .AppendLine()
            .AppendLine("# Devices. The client id is replaced by the user name (the device id), so a device cannot connect under")
            .AppendLine("# another device's id or push that device off; the ACL confines each to its own topics.")
            .AppendLine(CultureInfo.InvariantCulture, $"listener {DevicePort} {DeviceAddress}")
            .AppendLine("use_username_as_clientid true")
            .AppendLine("allow_anonymous false")
            .AppendLine(CultureInfo.InvariantCulture, $"password_file {Path.Combine(folder, DevicePasswordFileName)}")
            .AppendLine(CultureInfo.InvariantCulture, $"acl_file {Path.Combine(folder, DeviceAclFileName)}")
            .AppendLine()
            .AppendLine("# Ingest: the command center's silos, on loopback only. They keep their own client ids, so when a silo dies")
            .AppendLine("# a survivor can connect under its id and take over its persistent session in the shared subscription.")
            .AppendLine(CultureInfo.InvariantCulture, $"listener {IngestPort} 127.0.0.1")
            .AppendLine("allow_anonymous false")
            .AppendLine(CultureInfo.InvariantCulture, $"password_file {Path.Combine(folder, IngestPasswordFileName)}")
            .AppendLine(CultureInfo.InvariantCulture, $"acl_file {Path.Combine(folder, IngestAclFileName)}");
        return config.ToString();
    }

    /// <summary>
    /// Writes mosquitto.conf, both password files and both ACLs into <paramref name="folder"/>, each readable by
    /// its owner only; returns the path of mosquitto.conf. Throws <see cref="ArgumentException"/> listing every
    /// problem when the configuration has any.
    /// </summary>
    public string WriteTo(string folder)
    {
        if (Problems() is { Count: > 0 } problems)
        {
            throw new ArgumentException($"cannot write the Mosquitto configuration: {string.Join("; ", problems.Take(10))}" +
                                        (problems.Count > 10 ? $" and {problems.Count - 10} more" : ""));
        }

        folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(folder);
        WritePrivate(Path.Combine(folder, DevicePasswordFileName),
            string.Concat(Devices.Select(d => PasswordLine(d.Id, d.Secret) + "\n")));
        WritePrivate(Path.Combine(folder, DeviceAclFileName), DeviceAcl());
        WritePrivate(Path.Combine(folder, IngestPasswordFileName), PasswordLine(IngestUsername, IngestPassword) + "\n");
        WritePrivate(Path.Combine(folder, IngestAclFileName), IngestAcl());
        var config = Path.Combine(folder, ConfigFileName);
        WritePrivate(config, Config(folder));
        return config;
    }

    private static string WithSlash(string folder) => folder.EndsWith('/') ? folder : folder + "/";

    /// <summary>Replaces the file by one only its owner can read (the password hashes are offline-guessable).</summary>
    private static void WritePrivate(string path, string text) => AtomicFile.Write(path, text.ReplaceLineEndings("\n"), ownerOnly: true);
}
