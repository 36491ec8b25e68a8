using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using CommandCenter.Plumbing;
using CommandCenter.Protocol;
using CommandCenter.Simulators.City;
using CommandCenter.Simulators.Cli;

namespace CommandCenter.Stack.Run;

/// <summary>
/// What <c>./run.sh</c> does: influxd first (a port conflict shows before a minute of building, and it starts
/// meanwhile), the Release build, the demo city, then one command center or a cluster of silos with PostgreSQL
/// and Mosquitto, the simulators, the banner; on a signal, or when something fails, everything it started is
/// stopped, producers first.
/// </summary>
public sealed class DemoStack(RunStackOptions options, TextWriter output, TextWriter errors, Signals signals)
{
    private static readonly TimeSpan HealthDeadline = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan SimulatorsGrace = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan HostGrace = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan BrokerGrace = TimeSpan.FromSeconds(10);
    private readonly StopList _started = new();
    private readonly string _data = options.DataFolder;
    private string Logs => Path.Combine(_data, "logs");

    private static string SimulatorsDll => ReleaseBuild.SimulatorsDll;

    public async Task<int> RunAsync()
    {
        try
        {
            await StartAsync();
            await Task.Delay(Timeout.Infinite, signals.Token);
            return 1;
        }
        catch (OperationCanceledException) when (signals.ExitCode is not null)
        {
            return signals.ExitCode.Value;
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException or UnauthorizedAccessException)
        {
            errors.WriteLine($"run.sh: {ex.Message}");
            return signals.ExitCode ?? 1;
        }
        finally
        {
            await _started.StopAllAsync(output);
        }
    }

    private async Task StartAsync()
    {
        var cluster = options.Silos > 0;
        if (!await DebianPackages.EnsureAsync(cluster ? [DebianPackages.Influxdb, DebianPackages.Postgresql, DebianPackages.Mosquitto] : [DebianPackages.Influxdb], errors))
        {
            throw new InvalidOperationException("missing system packages");
        }

        if (!cluster)
        {
            await RequireFreeAsync(options.HttpPort, "CC_HTTP_PORT");
            await RequireFreeAsync(options.HttpsPort, "CC_HTTPS_PORT");
            await RequireFreeAsync(options.MqttTlsPort, "CC_MQTT_TLS_PORT");
        }

        await RequireFreeAsync(options.MqttPort, "CC_MQTT_PORT");
        Directory.CreateDirectory(Logs);

        var influx = await InfluxServer.StartInDataFolderAsync(_data, options.InfluxPort, options.InfluxRpcPort, Log("influxd"), "CC_INFLUX_PORT");
        if (influx.Reused)
        {
            output.WriteLine($"Reusing influxd already running from {_data}/influxdb (pid {influx.Pid}, port {options.InfluxPort}).");
            _started.Add("influxd", () =>
            {
                output.WriteLine($"Left running: influxd (pid {influx.Pid}), which this run did not start.");
                return Task.FromResult<string?>(null);
            });
        }
        else
        {
            _started.Add("influxd", async () =>
            {
                await influx.StopAsync(output);
                return $"influxd (pid {influx.Pid})";
            });
        }

        await BuildAsync();
        await GenerateCityAsync();
        signals.Token.ThrowIfCancellationRequested();
        if (cluster)
        {
            await StartClusterAsync();
        }
        else
        {
            await StartCommandCenterAsync();
        }
    }

    private string Log(string name) => Path.Combine(Logs, $"{name}.log");

    private static async Task RequireFreeAsync(int port, string variable)
    {
        if (await Readiness.AcceptsConnectionsAsync(port))
        {
            throw new InvalidOperationException($"port {port} is already in use by another process; set {variable} to a free port.");
        }
    }

    private async Task BuildAsync()
    {
        output.Write("Building (first build takes ~1 min)… ");
        try
        {
            output.WriteLine($"done in {(await ReleaseBuild.RunAsync(Log("build"))).TotalSeconds:F0}s.");
        }
        catch (InvalidOperationException)
        {
            output.WriteLine("failed.");
            throw;
        }
    }

    /// <summary>
    /// The demo city and the device registry and credentials derived from it; files already there (and their
    /// secrets) are kept. A city.json of an older version is the user's data: say how to regenerate it, change nothing.
    /// </summary>
    private async Task GenerateCityAsync()
    {
        var start = new ProcessStartInfo("dotnet", [SimulatorsDll, "city", "--out", _data, "--preset", "demo", "--elevators", options.Elevators.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var (exitCode, log) = await CommandLine.RunAsync(start);
        await File.AppendAllTextAsync(Log("simulators"), log);
        if (exitCode == CityCommand.OutdatedCityExitCode)
        {
            throw new InvalidOperationException($"""
                {_data}/city.json was written by an older build (city file version 4 or older: a schematic map with generated ids).
                This build places the city on Yinchuan's real administrative tree at real WGS-84 positions; a schematic position cannot be turned into a real one, so there is no upgrade.
                Regenerate the demo city (new devices and secrets; records under the old ids no longer match a place):
                  dotnet {SimulatorsDll} city --out {_data} --force
                or move the data folder aside, then run ./run.sh again. Details: {Log("simulators")}
                """);
        }

        if (exitCode == CityCommand.UpgradableCityExitCode)
        {
            throw new InvalidOperationException($"""
                {_data}/city.json was written by an older build (city file version {CityTopology.LastVersionWithoutPropertyFirms}: no registry of property firms).
                Upgrade it in place, keeping the city, its devices and every record (the property-firm registry starts empty):
                  dotnet {SimulatorsDll} upgrade --city {_data}/city.json
                or regenerate the demo city with its generated property firms (new devices and secrets):
                  dotnet {SimulatorsDll} city --out {_data} --force
                then run ./run.sh again. Details: {Log("simulators")}
                """);
        }

        if (exitCode != 0)
        {
            throw new InvalidOperationException($"could not generate the demo city (see {Log("simulators")})");
        }
    }

    private async Task StartCommandCenterAsync()
    {
        var logFile = Log("commandcenter");
        var host = CommandCenterLaunch.Start("command center", options.HttpPort,
        [
            $"--Https:Port={options.HttpsPort}", "--Https:DemoAuthority=true",
            $"--Mqtt:Port={options.MqttPort}", $"--Mqtt:Tls:Port={options.MqttTlsPort}", "--Mqtt:Tls:DemoAuthority=true",
            $"--Influx:Url=http://127.0.0.1:{options.InfluxPort}", $"--Data:Path={_data}", "--DemoUsers=true",
        ], logFile);
        AddStop(host, HostGrace);
        await WaitHealthyAsync(() => host, options.HttpPort, logFile);
        StartSimulators(Path.Combine(_data, "demo-users.json"));

        output.WriteLine($"""

            CommandCenter is running: http://127.0.0.1:{options.HttpPort}/
              HTTPS         https://{Dns.GetHostName()}:{options.HttpsPort}/ (all interfaces); browsers trust the demo CA {_data}/tls/ca.crt
              MQTT broker   127.0.0.1:{options.MqttPort}      InfluxDB  http://127.0.0.1:{options.InfluxPort}
              MQTT over TLS port {options.MqttTlsPort} (all interfaces); devices trust the demo CA {_data}/tls/ca.crt
              sign in       demo users of every role and their passwords: {_data}/demo-users.json
              simulators    {SimulatorsLine()}
              data          {_data}  (device credentials for mosquitto_pub: {_data}/{DemoCity.CredentialsFileName})
              logs          {Logs}
            Press Ctrl-C to stop.
            """);

        await host.WaitForExitAsync(signals.Token);
        throw new InvalidOperationException(
            $"The command center exited on its own (exit code {host.ExitCode}). Last lines of {logFile}:\n{Readiness.TailOf(logFile, 20)}");
    }

    private async Task WaitHealthyAsync(Func<ChildProcess> host, int port, string logFile)
    {
        output.Write($"Waiting for the command center on port {port}");
        await CommandCenterLaunch.WaitHealthyAsync(host, port, logFile, HealthDeadline, output, signals.Token);
        output.WriteLine(" up.");
    }

    /// <param name="demoUsers">The demo users' file the first (or only) silo wrote; the simulated firm desks sign in with it.</param>
    private void StartSimulators(string demoUsers)
    {
        if (!options.Simulators)
        {
            return;
        }

        // The simulated firm desks and people (grid workers, units, the operator) sign in on the (first) web port:
        // firms respond to their alarms, grid workers report cases that units handle and reporters evaluate.
        var start = new ProcessStartInfo("dotnet",
        [
            SimulatorsDll, "run", "--port", $"{options.MqttPort}", "--credentials", Path.Combine(_data, DemoCity.CredentialsFileName),
            "--responders", $"http://127.0.0.1:{options.HttpPort}", "--demo-users", demoUsers,
        ]);
        if (options.CasesPerHour > 0)
        {
            foreach (var argument in (string[])["--people", $"http://127.0.0.1:{options.HttpPort}", "--cases-per-hour", $"{options.CasesPerHour}"])
            {
                start.ArgumentList.Add(argument);
            }
        }

        File.AppendAllText(Log("simulators"), $"\n=== simulators starting {DateTime.Now:s} ===\n");
        AddStop(ChildProcess.StartDetached("simulators", start, Log("simulators")), SimulatorsGrace);
    }

    private string SimulatorsLine() => !options.Simulators ? "off (--no-sim)"
        : options.CasesPerHour > 0 ? $"{options.Elevators} elevators, firms, grid workers reporting {options.CasesPerHour} cases an hour each (log: {Log("simulators")})"
        : $"{options.Elevators} elevators, firms (log: {Log("simulators")})";

    private void AddStop(ChildProcess process, TimeSpan grace) => _started.Add(process.Name, async () =>
    {
        var stopped = $"{process.Name} (pid {process.Id})";
        await process.StopAsync(grace, output);
        process.Dispose();
        return stopped;
    });

    /// <summary>Cluster mode: PostgreSQL and Mosquitto next to influxd, the silos sharing them, the simulators publishing to Mosquitto.</summary>
    private async Task StartClusterAsync()
    {
        // Passwords made once per data folder, readable by their owner only; never printed.
        var postgresSecret = Path.Combine(_data, "postgres-commandcenter.secret");
        var brokerSecret = Path.Combine(_data, "mosquitto-ingest.secret");
        var postgres = await PostgresServer.StartInDataFolderAsync(_data, options.PostgresPort, Log("postgres"), await SecretAsync(postgresSecret), output);
        _started.Add("PostgreSQL", async () =>
        {
            await postgres.StopAsync();
            return "PostgreSQL";
        });

        var config = new MosquittoClusterConfig
        {
            Devices = DemoCity.ReadCredentials(Path.Combine(_data, DemoCity.CredentialsFileName)).Devices,
            DevicePort = options.MqttPort,
            IngestPort = options.MqttIngestPort,
            IngestPassword = await SecretAsync(brokerSecret),
        };
        var broker = await MosquittoServer.StartInDataFolderAsync(_data, config, Log("mosquitto"));
        _started.Add("mosquitto", async () =>
        {
            await broker.StopAsync(BrokerGrace, output);
            return $"mosquitto (pid {broker.Pid})";
        });

        // In the silos' environment rather than on their command lines, which every user can read.
        var environment = new Dictionary<string, string>
        {
            ["Mqtt__ExternalPassword"] = config.IngestPassword,
            ["Orleans__PostgresConnectionString"] = $"Host=127.0.0.1;Port={options.PostgresPort};Username={PostgresServer.OwnerRole};Password={await SecretAsync(postgresSecret)};Database={PostgresServer.OwnerRole}",
        };
        // Stopped in the order they started, silo 1 first, as one step after the simulators.
        var silos = new List<SupervisedProcess>();
        _started.Add("silos", async () =>
        {
            var stopped = new List<string>();
            foreach (var silo in silos)
            {
                stopped.Add(await silo.StopAsync(HostGrace, output));
            }

            return stopped.Count == 0 ? null : string.Join(", ", stopped);
        });
        for (var silo = 1; silo <= options.Silos; silo++)
        {
            await StartSiloAsync(silo, config, environment, silos);
        }

        StartSimulators(Path.Combine(_data, "silo-1", "demo-users.json"));
        output.WriteLine($"\nCommandCenter cluster is running: {options.Silos} silo(s), the same city on every one:");
        for (var silo = 1; silo <= options.Silos; silo++)
        {
            output.WriteLine($"  silo {silo}        http://127.0.0.1:{options.HttpPort + silo - 1}/  https://{Dns.GetHostName()}:{options.HttpsPort + silo - 1}/   (log: {Log($"silo-{silo}")})");
        }

        output.WriteLine($"""
              HTTPS         all interfaces; browsers trust the demo CA {_data}/tls/ca.crt
              Mosquitto     devices 127.0.0.1:{options.MqttPort} (id and secret from {DemoCity.CredentialsFileName}; client id = id,
                            each device only its own topics); silos 127.0.0.1:{options.MqttIngestPort} as {config.IngestUsername}
                            (password in {brokerSecret})
              PostgreSQL    127.0.0.1:{options.PostgresPort}, database and role {PostgresServer.OwnerRole}, scram-sha-256 (password in {postgresSecret});
                            membership, grain state, reminders, cookie keys
              InfluxDB      http://127.0.0.1:{options.InfluxPort}
              sign in       demo users of every role and their passwords: {_data}/silo-1/demo-users.json
              simulators    {SimulatorsLine()}
              data          {_data}
            A silo that dies is started again. Press Ctrl-C to stop.
            """);
    }

    private async Task StartSiloAsync(int silo, MosquittoClusterConfig broker, IReadOnlyDictionary<string, string> environment, List<SupervisedProcess> started)
    {
        var (port, httpsPort) = (options.HttpPort + silo - 1, options.HttpsPort + silo - 1);
        await RequireFreeAsync(port, "CC_HTTP_PORT");
        await RequireFreeAsync(httpsPort, "CC_HTTPS_PORT");
        var folder = Path.Combine(_data, $"silo-{silo}");
        Directory.CreateDirectory(folder);
        Directory.CreateDirectory(Path.Combine(_data, "tls"));
        // One demo CA for browsers, whichever silo they use: each silo's tls/ is the data folder's.
        if (!Path.Exists(Path.Combine(folder, "tls")))
        {
            Directory.CreateSymbolicLink(Path.Combine(folder, "tls"), Path.Combine(_data, "tls"));
        }

        // One set of console users for the cluster: the first silo writes demo-users.json, the others read a copy.
        var demoUsers = Path.Combine(_data, "silo-1", "demo-users.json");
        if (silo > 1 && File.Exists(demoUsers) && !File.Exists(Path.Combine(folder, "demo-users.json")))
        {
            File.Copy(demoUsers, Path.Combine(folder, "demo-users.json"));
        }

        var logFile = Log($"silo-{silo}");
        string[] arguments =
        [
            $"--Https:Port={httpsPort}", "--Https:DemoAuthority=true",
            $"--Data:Path={folder}", $"--City:Path={_data}/city.json", $"--Devices:RegistryFile={_data}/devices.json",
            $"--Influx:Url=http://127.0.0.1:{options.InfluxPort}", "--DemoUsers=true",
            "--Orleans:ClusterMode=Postgres", $"--Orleans:Tls:DemoAuthorityFolder={_data}/tls-cluster",
            $"--Orleans:SiloPort={11110 + silo}", $"--Orleans:GatewayPort={29999 + silo}",
            "--Mqtt:Mode=External", "--Mqtt:ExternalHost=127.0.0.1", $"--Mqtt:ExternalPort={broker.IngestPort}",
            $"--Mqtt:ExternalUsername={broker.IngestUsername}", $"--Mqtt:ClientId={broker.IngestUsername}-silo-{silo}",
        ];
        var supervised = new SupervisedProcess(() => CommandCenterLaunch.Start($"silo {silo}", port, arguments, logFile, environment), logFile);
        started.Add(supervised);
        await WaitHealthyAsync(() => supervised.Current, port, logFile);
    }

    /// <summary>A random password in <paramref name="file"/> (mode 0600), made once.</summary>
    private static async Task<string> SecretAsync(string file)
    {
        if (!File.Exists(file) || new FileInfo(file).Length == 0)
        {
            var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace("/", "", StringComparison.Ordinal)
                .Replace("+", "", StringComparison.Ordinal).Replace("=", "", StringComparison.Ordinal);
            AtomicFile.Write(file, secret + "\n", ownerOnly: true);
        }

        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return (await File.ReadAllTextAsync(file)).Trim();
    }
}
