using System.CommandLine;
using CommandCenter.Simulators.Cli;
using CommandCenter.Stack.Bench;

namespace CommandCenter.Stack.Cli;

/// <summary><c>bench</c>, behind <c>./bench.sh</c>: one run under MQTT load with its baselines, one table, bench.json.</summary>
public sealed class BenchCommand(TextWriter output, TextWriter errors) : Verb<BenchOptions>(output, errors)
{
    private readonly Option<bool> _quick = VerbOptions.Flag("--quick", "(the default) demo city with a lift for each of 1000 devices, 15 s of load, then 15 s of background load at each of two rates with 30 alarms each; about 5 minutes once built");
    private readonly Option<bool> _full = VerbOptions.Flag("--full", "the whole yinchuan preset connected at once (20,000 elevators, 13,000 berth sensors) to two silos with PostgreSQL: 60 s of the city's baseline mix with 90 alarms, then 60 s of burst; checks the RSS goal (several minutes)");
    private readonly Option<int?> _devices = VerbOptions.OptionalWhole("--devices", "N", "MQTT sessions (elevators) publishing; --full connects every device of the city", 1, 100_000, "1000");
    private readonly Option<int?> _rate = VerbOptions.OptionalWhole("--rate", "R", "target total statuses per second", 1, 1_000_000, "20000");
    private readonly Option<int?> _duration = VerbOptions.OptionalWhole("--duration", "S", "seconds of each load phase (--full: the mix, and the burst)", 1, 86_400, "quick 15, full 60");
    private readonly Option<int?> _alarms = VerbOptions.OptionalWhole("--alarms", "N", "trapped-passenger alarms under background load", 1, 10_000, "quick 30, full 90");
    private readonly Option<int> _background = VerbOptions.Whole("--background", "R", "background rate for the alarm phase, msg/s (the Yinchuan baseline)", 1, 1_000_000, 2500);
    private readonly Option<int> _heavyBackground = VerbOptions.Whole("--heavy-background", "R", "rate of the second alarm phase, msg/s (four times the baseline)", 1, 1_000_000, 10_000);
    private readonly Option<int> _tracingRate = VerbOptions.Whole("--tracing-rate", "R", "rate of the tracing phase, msg/s: untraced, then with every message traced", 1, 1_000_000, 2500);
    private readonly Option<int> _runs = VerbOptions.Whole("--runs", "N", "measure N times on fresh processes; figures as median, min and max", 1, 20, 1);
    private readonly Option<int> _generators = VerbOptions.Whole("--generators", "N", "load processes driving the broker-only baseline together", 1, 16, 2);
    private readonly Option<int> _brokerRate = VerbOptions.Whole("--broker-rate", "R", "the broker-only baseline's total target, msg/s (above what Mosquitto reaches)", 1, 1_000_000, 400_000);
    private readonly Option<bool> _noBuild = VerbOptions.Flag("--no-build", "skip 'dotnet build -c Release' (use the binaries already built)");
    private readonly Option<bool> _keep = VerbOptions.Flag("--keep", "keep the temporary folder (logs, load outputs) and print where it is");
    private readonly Option<string?> _json = VerbOptions.OptionalText("--json", "FILE", "where to write the figures as JSON", "./bench.json");

    public override string Name => "bench";

    public override string Summary =>
        "Starts a private influxd, a generated city and the command center (Release) on free ports, drives MQTT load with the simulators' 'load' verb, " +
        "measures the same load against Debian's Mosquitto and the raw InfluxDB write rate, and prints one table of figures against the goals.";

    public override string Notes =>
        """
        A second load at the city's baseline rate (2,500 msg/s) times publish -> SignalR wall push and
        trapped-passenger alarms -> firm console, through the live hub as the demo wall user and a demo firm
        user see them; a third does the same at --heavy-background (10,000 msg/s) with alarms on other
        elevators of that firm. The figures also go to bench.json (its path is printed; keys in
        docs/benchmarks.md).

        Each run warms the command center up before measuring: 5 s at the baseline rate, then until the
        JIT has settled (under 2 % of a core, at most 60 s); the traced start likewise. The broker-only
        baseline is driven by --generators load processes toward --broker-rate, above what Mosquitto
        reaches, and the table says whether a phase reached its target (then the generator, not the
        server, set the pace). CPU per message is given for the command center, the generators, influxd
        and Mosquitto.

        --full connects every device of the Yinchuan city at once, one MQTT session each: two silos in
        cluster mode (PostgreSQL), each with its embedded broker taking half the devices
        (Orleans:BrokerPerSilo), and load processes of at most 9,000 sessions each, every one bound to
        a loopback address of its own (127.0.0.2, ...): a process here may hold at most 20,000 open
        files, and an address has 28,232 ephemeral ports. It runs the city's baseline mix (statuses
        every 10 s while a car runs, berth changes, events) with the alarms, then a burst, and reports
        devices connected, RSS of all silos against 1.5 GB, alarm latency and CPU per message per
        process. The broker-only, tracing and raw InfluxDB baselines are --quick's.

        With --runs N the measurement is repeated on fresh processes and every figure is given as median,
        min and max. Figures depend heavily on the machine; on a small shared machine treat them as orders
        of magnitude. See docs/benchmarks.md for what each figure means.
        """;

    protected override IEnumerable<Option> Options => [_quick, _full, _devices, _rate, _duration, _alarms, _background, _heavyBackground, _tracingRate, _runs, _generators, _brokerRate, _noBuild, _keep, _json];

    public override BenchOptions Read(ParseResult parse)
    {
        var full = parse.GetValue(_full);
        return new BenchOptions
        {
            Full = full,
            BothModes = full && parse.GetValue(_quick),
            Devices = parse.GetValue(_devices) ?? 1000,
            Rate = parse.GetValue(_rate) ?? 20_000,
            DurationSeconds = parse.GetValue(_duration) ?? (full ? 60 : 15),
            Alarms = parse.GetValue(_alarms) ?? (full ? 90 : 30),
            Background = parse.GetValue(_background),
            HeavyBackground = parse.GetValue(_heavyBackground),
            TracingRate = parse.GetValue(_tracingRate),
            Runs = parse.GetValue(_runs),
            Generators = parse.GetValue(_generators),
            BrokerOnlyRate = parse.GetValue(_brokerRate),
            Build = !parse.GetValue(_noBuild),
            Keep = parse.GetValue(_keep),
            JsonFile = Path.GetFullPath(parse.GetValue(_json) ?? "bench.json"),
        };
    }

    protected override string? Problem(BenchOptions options) =>
        options.BothModes ? "--quick and --full exclude each other"
        : options.Generators > options.Devices ? "--generators cannot exceed --devices: each generator drives its own devices"
        : null;

    protected override async Task<int> ExecuteAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        using var signals = new Run.Signals(Output);
        return await new BenchRun(options, Output, Errors, signals).RunAsync();
    }
}
