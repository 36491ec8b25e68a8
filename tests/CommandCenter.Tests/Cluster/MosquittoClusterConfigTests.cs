using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CommandCenter.Protocol;
using CommandCenter.Simulators.Cli;
using Shouldly;

namespace CommandCenter.Tests.Cluster;

/// <summary>The files of cluster mode's Mosquitto (<see cref="MosquittoClusterConfig"/>) and the simulators' <c>broker</c> verb that writes them for run.sh.</summary>
public sealed class MosquittoClusterConfigTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cc-broker-config-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void DeviceAcl_GivesEachDeviceWriteOnItsKindsTopicsUnderItsOwnId_AndNothingElse()
    {
        var config = Config([new("EL-0001", DeviceKind.Elevator, "s1"), new("BS-00001", DeviceKind.Berth, "s2"), new("LOT-001", DeviceKind.Lot, "s3"), new("APP-001", DeviceKind.App, "s4")]);

        var blocks = Blocks(config.DeviceAcl());

        blocks["EL-0001"].ShouldBe(["topic write cc/v1/elevators/EL-0001/status", "topic write cc/v1/elevators/EL-0001/event", "topic write cc/v1/devices/EL-0001/presence"], ignoreOrder: true);
        blocks["BS-00001"].ShouldBe(["topic write cc/v1/berths/BS-00001/state", "topic write cc/v1/devices/BS-00001/presence"], ignoreOrder: true);
        blocks["LOT-001"].ShouldBe(["topic write cc/v1/lots/LOT-001/gate", "topic write cc/v1/devices/LOT-001/presence"], ignoreOrder: true);
        blocks["APP-001"].ShouldBe(
            ["topic write cc/v1/apps/APP-001/daily", "topic write cc/v1/apps/APP-001/weekly", "topic write cc/v1/apps/APP-001/monthly",
             "topic write cc/v1/apps/APP-001/maintenance", "topic write cc/v1/devices/APP-001/presence"],
            ignoreOrder: true);
        blocks.Keys.ShouldBe(["EL-0001", "BS-00001", "LOT-001", "APP-001"], ignoreOrder: true);
        // No pattern lines (they apply to every user, whatever its kind) and no read grant.
        blocks.Values.SelectMany(lines => lines).ShouldAllBe(line => line.StartsWith("topic write cc/v1/", StringComparison.Ordinal));
        var ingest = Blocks(config.IngestAcl()).ShouldHaveSingleItem();
        ingest.Key.ShouldBe("cc-ingest");
        ingest.Value.ShouldBe(["topic read cc/v1/#"]);
    }

    [Fact]
    public void Config_HasADeviceListenerWithUsernameAsClientId_AndALoopbackIngestListener_EachWithItsOwnFiles()
    {
        var lines = Config([new("EL-0001", DeviceKind.Elevator, "s1")]).Config("/srv/mq").Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

        lines[0].ShouldBe("per_listener_settings true");
        var device = lines.IndexOf("listener 1883 127.0.0.1");
        var ingest = lines.IndexOf("listener 2883 127.0.0.1");
        lines[(device + 1)..ingest].ShouldBe(
            ["use_username_as_clientid true", "allow_anonymous false", "password_file /srv/mq/devices.passwd", "acl_file /srv/mq/devices.acl"]);
        lines[(ingest + 1)..].ShouldBe(["allow_anonymous false", "password_file /srv/mq/ingest.passwd", "acl_file /srv/mq/ingest.acl"]);
    }

    [Fact]
    public void PasswordLine_IsMosquittosPbkdf2Sha512Format()
    {
        var line = MosquittoClusterConfig.PasswordLine("EL-0001", "secret-EL-0001");

        var parts = line.Split('$');
        parts[0].ShouldBe("EL-0001:");
        parts[1].ShouldBe("7");
        parts[2].ShouldBe("101");
        var salt = Convert.FromBase64String(parts[3]);
        salt.Length.ShouldBe(12);
        Convert.FromBase64String(parts[4]).ShouldBe(Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes("secret-EL-0001"), salt, 101, HashAlgorithmName.SHA512, 64));
        MosquittoClusterConfig.PasswordLine("EL-0001", "secret-EL-0001").ShouldNotBe(line, "every line has a salt of its own");
    }

    [Theory]
    [InlineData("EL+1", "is not letters, digits")]
    [InlineData("EL/#", "is not letters, digits")]
    [InlineData("EL 1", "is not letters, digits")]
    [InlineData("cc-ingest-silo-1", "starts with the ingest user name")]
    public void Problems_RefuseIdsThatWidenAGrantOrCollideWithASilo(string id, string problem)
    {
        var config = Config([new(id, DeviceKind.Elevator, "s")]);

        config.Problems().ShouldHaveSingleItem().ShouldContain(problem);
        Should.Throw<ArgumentException>(() => config.WriteTo(_folder)).Message.ShouldContain(problem);
        Directory.EnumerateFiles(_folder).ShouldBeEmpty();
    }

    [Fact]
    public void Problems_RefuseDuplicatesSharedPortsAndEmptySecrets()
    {
        var config = Config([new("EL-0001", DeviceKind.Elevator, "s"), new("EL-0001", DeviceKind.Elevator, "t"), new("EL-0002", DeviceKind.Elevator, "")]) with { IngestPort = 1883 };

        config.Problems().Count.ShouldBe(3, string.Join('\n', config.Problems()));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task BrokerVerb_WritesTheFilesFromTheDemoCredentials_ReadableByTheirOwnerOnly()
    {
        var credentials = Path.Combine(_folder, "demo-credentials.json");
        File.WriteAllText(credentials, JsonSerializer.Serialize(
            new DemoCredentialsFile("test", [new("EL-0001", DeviceKind.Elevator, "s1"), new("BS-00001", DeviceKind.Berth, "s2")]), ProtocolJson.Default.DemoCredentialsFile));
        var secret = Path.Combine(_folder, "ingest.secret");
        File.WriteAllText(secret, "ingest-password\n");
        var output = new StringWriter();
        var errors = new StringWriter();
        var outFolder = Path.Combine(_folder, "mosquitto");

        var exit = await new BrokerCommand(output, errors).RunAsync(
            ["--credentials", credentials, "--out", outFolder, "--port", "1884", "--ingest-port", "2884", "--ingest-secret", secret], TestContext.Current.CancellationToken);

        exit.ShouldBe(0, errors.ToString());
        output.ToString().ShouldContain("devices on 127.0.0.1:1884 (elevator 1, berth 1); ingest as cc-ingest on 127.0.0.1:2884");
        string[] files = ["mosquitto.conf", "devices.passwd", "devices.acl", "ingest.passwd", "ingest.acl"];
        Directory.EnumerateFiles(outFolder).Select(Path.GetFileName).ShouldBe(files, ignoreOrder: true);
        files.ShouldAllBe(file => File.GetUnixFileMode(Path.Combine(outFolder, file)) == (UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Directory.Exists(Path.Combine(outFolder, "persistence")).ShouldBeTrue();
        File.ReadAllText(Path.Combine(outFolder, "mosquitto.conf")).ShouldContain($"persistence_location {outFolder}/persistence/");
        var ingestLine = File.ReadAllText(Path.Combine(outFolder, "ingest.passwd")).Trim();
        ingestLine.ShouldStartWith("cc-ingest:$7$101$");
        File.ReadAllText(Path.Combine(outFolder, "devices.passwd")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(':')[0])
            .ShouldBe(["EL-0001", "BS-00001"]);
        string.Concat(files.Select(f => File.ReadAllText(Path.Combine(outFolder, f)))).ShouldNotContain("ingest-password");
    }

    [Fact]
    public async Task BrokerVerb_WithoutTheIngestSecret_SaysWhatIsMissing()
    {
        var errors = new StringWriter();

        (await new BrokerCommand(new StringWriter(), errors).RunAsync(["--out", _folder], TestContext.Current.CancellationToken)).ShouldBe(2);
        errors.ToString().ShouldStartWith("error: --ingest-secret is required");
    }

    private static MosquittoClusterConfig Config(IReadOnlyList<DemoCredential> devices) => new()
    {
        Devices = devices,
        DevicePort = 1883,
        IngestPort = 2883,
        IngestPassword = "pw",
    };

    /// <summary>The lines under each <c>user</c> line of an ACL, comments and blank lines left out.</summary>
    private static Dictionary<string, List<string>> Blocks(string acl)
    {
        var blocks = new Dictionary<string, List<string>>();
        List<string>? current = null;
        foreach (var line in acl.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            if (line.StartsWith("user ", StringComparison.Ordinal))
            {
                blocks[line["user ".Length..]] = current = [];
            }
            else
            {
                (current ?? throw new InvalidDataException($"'{line}' before any user line")).Add(line);
            }
        }

        return blocks;
    }
}
