using System.CommandLine;
using CommandCenter.Simulators.Cli;
using CommandCenter.Stack.Run;

namespace CommandCenter.Stack.Cli;

/// <summary><c>run</c>, behind <c>./run.sh</c>: the product on this machine, stopped in order on Ctrl-C.</summary>
public sealed class RunStackCommand(TextWriter output, TextWriter errors) : Verb<RunStackOptions>(output, errors)
{
    private readonly Option<bool> _noSim = VerbOptions.Flag("--no-sim", "start without the simulators");
    private readonly Option<string?> _data = VerbOptions.OptionalText("--data", "DIR", "data and logs folder", "./data; env CC_DATA");
    private readonly Option<int?> _elevators = VerbOptions.OptionalWhole(
        "--elevators", "N", "elevators of the demo city (preset demo) when it is first generated", 1, 100_000, "24; env CC_SIM_ELEVATORS");
    private readonly Option<int?> _casesPerHour = VerbOptions.OptionalWhole(
        "--cases-per-hour", "N", "cases each simulated grid worker reports per hour; 0 leaves the simulated people out (below)", 0, 3600, "1; env CC_SIM_CASES_PER_HOUR");
    private readonly Option<int?> _cluster = VerbOptions.OptionalWhole(
        "--cluster", "N", "cluster mode: PostgreSQL, Mosquitto and N silos on this machine (below)", 1, 9, "off");

    public override string Name => "run";

    public override string Summary =>
        "Builds CommandCenter (Release), starts a local InfluxDB, the command center and the device simulators, and prints the URL. Ctrl-C stops everything it started.";

    public override string Notes =>
        """
        ./run.sh passes its arguments here after building this tool.

        --cluster N runs N silos (1-9), each serving the web UI on its own ports (CC_HTTP_PORT, +1, ...;
        CC_HTTPS_PORT, +1, ...) with the demo CA of DATA/tls shared by all; a silo that dies is restarted.
        Devices connect to Mosquitto on CC_MQTT_PORT (client id = user name, each device only its own
        topics), the silos on CC_MQTT_INGEST_PORT (127.0.0.1 only); the silos log in to PostgreSQL as role
        commandcenter with a generated password. See docs/operations.md.

        Environment:
          CC_HTTP_PORT        web UI and API port          (default 5080, loopback only)
          CC_HTTPS_PORT       web UI and API over HTTPS    (default 5443, all interfaces; demo CA in DATA/tls/ca.crt)
          CC_MQTT_PORT        MQTT port for devices        (default 1883; the embedded broker, loopback only, or
                                                           Mosquitto's device listener with --cluster)
          CC_MQTT_TLS_PORT    MQTT over TLS port           (default 8883, all interfaces; demo CA in DATA/tls/ca.crt)
          CC_MQTT_INGEST_PORT Mosquitto's listener for the silos, --cluster (default CC_MQTT_PORT + 1000)
          CC_INFLUX_PORT      InfluxDB HTTP port           (default 8086)
          CC_INFLUX_RPC_PORT  InfluxDB RPC (backup) port   (default CC_INFLUX_PORT + 2)
          CC_PG_PORT          PostgreSQL port, --cluster   (default 5433)
          CC_DATA, CC_SIM_ELEVATORS, CC_SIM_CASES_PER_HOUR  as the options above

        The simulators play the city's devices, every maintenance firm's duty desk, and the people of grid
        governance through the API as their demo users: grid workers report cases with photos, the city
        operator files, dispatches and closes, departments, streets and communities return (some), accept
        and feed back (some late), grid workers verify and reporters evaluate ('simulators run --help',
        option --people). Their steps are in the simulators' log.

        Exit codes: 2 for a bad option or variable; 130, 143 or 129 after Ctrl-C, SIGTERM or SIGHUP once
        everything is stopped; 1 when something fails to start or the command center exits on its own.
        """;

    protected override IEnumerable<Option> Options => [_noSim, _data, _elevators, _casesPerHour, _cluster];

    public override RunStackOptions Read(ParseResult parse) => RunStackOptions.FromEnvironment(
        parse.GetValue(_noSim), parse.GetValue(_data), parse.GetValue(_elevators), parse.GetValue(_cluster), parse.GetValue(_casesPerHour), Environment.GetEnvironmentVariable);

    protected override string? Problem(RunStackOptions options) => options.Problems.Count == 0 ? null : string.Join("; ", options.Problems);

    protected override async Task<int> ExecuteAsync(RunStackOptions options, CancellationToken cancellationToken)
    {
        using var signals = new Signals(Output);
        return await new DemoStack(options, Output, Errors, signals).RunAsync();
    }
}
