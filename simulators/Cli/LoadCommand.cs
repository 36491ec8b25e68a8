using System.CommandLine;
using System.Net;
using System.Text.Json;
using CommandCenter.Protocol;
using CommandCenter.Simulators.City;
using CommandCenter.Simulators.Elevators;
using CommandCenter.Simulators.Live;
using CommandCenter.Simulators.Load;
using CommandCenter.Simulators.Mqtt;
using CommandCenter.Simulators.Records;
using CommandCenter.Simulators.Simulation;

namespace CommandCenter.Simulators.Cli;

/// <summary>Options of <c>load</c>.</summary>
public sealed record LoadOptions
{
    public DeviceBroker Broker { get; init; } = new();

    public int Devices { get; init; } = 100;

    /// <summary>Elevators of the credentials file passed over before the N that publish: several load processes share one city.</summary>
    public int Skip { get; init; }

    public int Rate { get; init; } = 1000;

    public int DurationSeconds { get; init; } = 30;

    public int Seed { get; init; } = 1;

    /// <summary>The command center's web address; when set, the live hub is watched as the demo wall user.</summary>
    public string? Live { get; init; }

    /// <summary>Trapped-passenger alarms to raise and time on a firm console (needs <see cref="Live"/>).</summary>
    public int Alarms { get; init; }

    /// <summary>The firm's load elevators passed over before the <see cref="Alarms"/> trapped: a second alarm phase against the same command center, whose first alarms are still open.</summary>
    public int SkipAlarms { get; init; }

    /// <summary>Where to write the result as JSON (<see cref="LoadResult"/>), for bench.sh; null: nowhere.</summary>
    public string? Report { get; init; }

    /// <summary>Berth sensors of the credentials file (after <see cref="SkipBerths"/>) that connect too and take part in the mix.</summary>
    public int Berths { get; init; }

    public int SkipBerths { get; init; }

    /// <summary>Escalators of the credentials file (after <see cref="SkipEscalators"/>) that connect too and take part in the mix.</summary>
    public int Escalators { get; init; }

    public int SkipEscalators { get; init; }

    /// <summary>Seconds of the city's baseline mix before the rate phase; 0 for none.</summary>
    public int MixSeconds { get; init; }

    public double EventsPerHour { get; init; } = 0.2;

    public int BerthHeartbeatSeconds { get; init; } = 300;

    /// <summary>Local source addresses the sessions are bound to in turn; empty: the system's choice.</summary>
    public IReadOnlyList<IPAddress> Bind { get; init; } = [];

    public string? StartWhen { get; init; }

    public int ConnectDeadlineSeconds { get; init; } = 300;

    public int KeepAliveSeconds { get; init; } = 15;

    /// <summary>CONNECTs awaiting their CONNACK at once, at most.</summary>
    public int ConnectConcurrency { get; init; } = 32;
}

/// <summary><c>load</c>: elevator statuses from N devices at a fixed total rate, with latency percentiles.</summary>
public sealed class LoadCommand(TimeProvider time, TextWriter output, TextWriter errors) : Verb<LoadOptions>(output, errors)
{
    private static readonly LoadOptions Defaults = new();

    /// <summary>The --report file's form: <see cref="LoadResult"/>'s members in camelCase.</summary>
    public static readonly JsonSerializerOptions ReportJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly DeviceBrokerOptions _broker = new("credentials file; its first N elevators (after --skip) publish");
    private readonly Option<int> _devices = VerbOptions.Whole("--devices", "N", "simulated elevators, one MQTT session each", 1, 100_000, Defaults.Devices);
    private readonly Option<int> _skip = VerbOptions.Whole("--skip", "N", "pass over the credentials file's first N elevators (several load processes share one city)", 0, 100_000, Defaults.Skip);
    private readonly Option<int> _rate = VerbOptions.Whole("--rate", "MSG_PER_S", "total statuses per second", 1, 1_000_000, Defaults.Rate);
    private readonly Option<int> _duration = VerbOptions.Whole("--duration", "SECONDS", "how long to publish", 1, 86_400, Defaults.DurationSeconds);
    private readonly Option<int> _seed = VerbOptions.Whole("--seed", "N", "seed of the elevators' moves", int.MinValue, int.MaxValue, Defaults.Seed);
    private readonly Option<string?> _live = VerbOptions.WebAddress("--live", "command center web address: time publish -> wall push (SignalR, as the demo wall user)");
    private readonly Option<int> _alarms = VerbOptions.Whole("--alarms", "N", "trapped-passenger alarms to time publish -> firm console (needs --live)", 0, 10_000, Defaults.Alarms);
    private readonly Option<int> _skipAlarms = VerbOptions.Whole("--skip-alarms", "N", "pass over the firm's first N load elevators before those trapped (their alarms of an earlier run are still open)", 0, 100_000, Defaults.SkipAlarms);
    private readonly Option<string?> _report = VerbOptions.OptionalText("--report", "FILE", "also write the summary's figures there as JSON (microseconds)", "off");
    private readonly Option<int> _berths = VerbOptions.Whole("--berths", "N", "berth sensors (after --skip-berths) that connect too, one session each, and report in the mix", 0, 100_000, Defaults.Berths);
    private readonly Option<int> _skipBerths = VerbOptions.Whole("--skip-berths", "N", "pass over the credentials file's first N berth sensors", 0, 100_000, Defaults.SkipBerths);
    private readonly Option<int> _escalators = VerbOptions.Whole("--escalators", "N", "escalators (after --skip-escalators) that connect too, one session each, and report in the mix", 0, 100_000, Defaults.Escalators);
    private readonly Option<int> _skipEscalators = VerbOptions.Whole("--skip-escalators", "N", "pass over the credentials file's first N escalators", 0, 100_000, Defaults.SkipEscalators);
    private readonly Option<int> _mix = VerbOptions.Whole("--mix", "SECONDS", "run the city's baseline mix this long before the rate phase (0: none)", 0, 86_400, Defaults.MixSeconds);
    private readonly Option<double> _eventsPerHour = VerbOptions.Number("--events-per-hour", "N", "alarm-button events per lift and hour in the mix", 0, 3600, Defaults.EventsPerHour);
    private readonly Option<int> _berthHeartbeat = VerbOptions.Whole("--berth-heartbeat", "SECONDS", "berth sensor report interval while nothing changes", 1, 86_400, Defaults.BerthHeartbeatSeconds);
    private readonly Option<string?> _bind = VerbOptions.OptionalText("--bind", "ADDR[,ADDR…]", "local IPv4 addresses the sessions are bound to in turn (about 28,000 ports each)", "the system's choice", CheckAddresses);
    private readonly Option<string?> _startWhen = VerbOptions.OptionalText("--start-when", "FILE", "after connecting, wait until FILE exists before publishing (several load processes start together)", "at once");
    private readonly Option<int> _connectDeadline = VerbOptions.Whole("--connect-deadline", "SECONDS", "retry sessions the broker did not take this long before publishing without them", 1, 3600, Defaults.ConnectDeadlineSeconds);
    private readonly Option<int> _connectConcurrency = VerbOptions.Whole("--connect-concurrency", "N", "CONNECTs awaiting their CONNACK at once, at most (the broker caps those per address: Mqtt:Limits:MaxPendingPerAddress)", 1, 1024, Defaults.ConnectConcurrency);
    private readonly Option<int> _keepAlive = VerbOptions.Whole("--keep-alive", "SECONDS", "MQTT keep-alive: a quiet session pings this often", 1, 65_535, Defaults.KeepAliveSeconds);

    public override string Name => "load";

    public override string Summary =>
        "Load test: elevator statuses from N devices at a total rate (after the city's baseline mix with --mix); reports throughput and publish latency.";

    public override string Notes { get; } =
        """
        Connects N elevators of the credentials file (a bigger city: city --out DIR --elevators N --force,
        the command center must read the new devices.json), then publishes valid status
        reports (QoS 1) spread over them at the total rate. Each device has at most one publish awaiting
        its PUBACK, so sequence numbers stay in order; if every device is busy the test falls behind and
        the achieved rate shows it. Prints progress every second (sent, acknowledged, rejected, in flight,
        current rate) and a summary: sent / acknowledged / rejected / not sent, the achieved rate and
        publish -> PUBACK latency p50/p95/p99/max. Exits with 1 if nothing was acknowledged.

        --live URL signs in as the demo wall user (demo-users.json beside the credentials, written by a
        command center started with --DemoUsers=true, as run.sh does), joins the live hub as a wall
        screen and times each status from its publish to the elevatorsChanged push that carries it (the
        wall gets coalesced batches of each elevator's newest state, so superseded statuses are not
        pushed and not timed). --alarms N also signs in as the demo console user of the firm with the
        most load elevators (city.json beside the credentials), and raises a trapped passenger on N of
        that firm's load elevators (after --skip-alarms of them), spread over the run, timing each from
        its publish to the alarmChanged push on the firm's console.

        --mix S first runs the city's baseline mix for S seconds, then the rate phase: every lift's
        model advances each second and a running car reports every 10 s; alarm-button events are
        raised at --events-per-hour per lift and cleared 30 s later; --berths N berth sensors (after
        --skip-berths) connect too and report arrivals, departures and a heartbeat, following their
        lot's day/night curve, and --escalators N escalators report their changes and a heartbeat
        every 10 s. Alarms are then raised during the mix. The report's "mix" holds its figures.
        Berth sensors and escalators take part in the mix only.

        A machine has about 28,000 ephemeral ports per source address: --bind spreads the sessions
        over local addresses (any of 127.0.0.0/8 on loopback). Sessions a busy broker did not take
        are retried until --connect-deadline (a broker that took none is given up at once); --start-when FILE holds publishing back until FILE
        exists, so several load processes that connected at their own pace start together.
        """;

    protected override IEnumerable<Option> Options =>
        [.. _broker.All, _devices, _skip, _rate, _duration, _seed, _live, _alarms, _skipAlarms, _report, _berths, _skipBerths, _escalators, _skipEscalators, _mix, _eventsPerHour, _berthHeartbeat, _bind, _startWhen, _connectDeadline, _connectConcurrency, _keepAlive];

    public override LoadOptions Read(ParseResult parse) => new()
    {
        Broker = _broker.Read(parse),
        Devices = parse.GetValue(_devices),
        Skip = parse.GetValue(_skip),
        Rate = parse.GetValue(_rate),
        DurationSeconds = parse.GetValue(_duration),
        Seed = parse.GetValue(_seed),
        Live = parse.GetValue(_live),
        Alarms = parse.GetValue(_alarms),
        SkipAlarms = parse.GetValue(_skipAlarms),
        Report = parse.GetValue(_report),
        Berths = parse.GetValue(_berths),
        SkipBerths = parse.GetValue(_skipBerths),
        Escalators = parse.GetValue(_escalators),
        SkipEscalators = parse.GetValue(_skipEscalators),
        MixSeconds = parse.GetValue(_mix),
        EventsPerHour = parse.GetValue(_eventsPerHour),
        BerthHeartbeatSeconds = parse.GetValue(_berthHeartbeat),
        Bind = parse.GetValue(_bind) is { } bind ? [.. Addresses(bind)] : [],
        StartWhen = parse.GetValue(_startWhen),
        ConnectDeadlineSeconds = parse.GetValue(_connectDeadline),
        KeepAliveSeconds = parse.GetValue(_keepAlive),
        ConnectConcurrency = parse.GetValue(_connectConcurrency),
    };

    private static IEnumerable<IPAddress> Addresses(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(IPAddress.Parse);

    private static string? CheckAddresses(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: > 0 } addresses
        && addresses.All(a => IPAddress.TryParse(a, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
            ? null
            : $"'{list}' is not a comma-separated list of IPv4 addresses";

    protected override string? Problem(LoadOptions options) => options.Alarms > 0 && options.Live is null ? "--alarms needs --live" : null;

    protected override async Task<int> ExecuteAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        IReadOnlyList<DemoCredential> elevators;
        try
        {
            elevators = [.. DemoCity.ReadCredentials(options.Broker.Credentials).Devices.Where(d => d.Kind == DeviceKind.Elevator).Skip(options.Skip).Take(options.Devices)];
        }
        catch (InvalidDataException ex)
        {
            Errors.WriteLine($"error: {ex.Message}");
            return 2;
        }

        IReadOnlyList<ModelledDevice> others;
        try
        {
            others = ModelledDevices(options);
        }
        catch (InvalidDataException ex)
        {
            Errors.WriteLine($"error: {ex.Message}");
            return 2;
        }

        if (elevators.Count < options.Devices)
        {
            Errors.WriteLine(
                $"error: {options.Broker.Credentials} has {elevators.Count} elevators after the first {options.Skip}, {options.Devices} asked for; " +
                $"generate a bigger city with 'city --out DIR --elevators {options.Skip + options.Devices} --force'");
            return 2;
        }

        (string FirmId, IReadOnlyList<string> Elevators) alarms = ("", []);
        LiveLatencyProbe? live = null;
        try
        {
            if (options.Alarms > 0)
            {
                alarms = PickAlarmElevators(options, elevators);
            }

            if (options.Live is { } url)
            {
                var baseUrl = new Uri(url);
                var usersFile = options.Broker.BesideCredentials(ConsoleLogin.DemoUsersFileName);
                Task<CookieContainer> SignInAsync((string Name, string Password) user) => ConsoleLogin.SignInAsync(baseUrl, user.Name, user.Password, cancellationToken);
                var wallUser = await SignInAsync(ConsoleLogin.DemoWallUser(usersFile));
                var firmUser = alarms.Elevators.Count > 0 ? await SignInAsync(ConsoleLogin.DemoFirmUser(usersFile, alarms.FirmId)) : null;
                live = await LiveLatencyProbe.ConnectAsync(baseUrl, elevators.Select(e => e.Id), wallUser, firmUser, cancellationToken);
                Output.WriteLine($"Watching {url}{LiveHubNames.Path} as a wall screen{(firmUser is null ? "" : " and a firm console")}");
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or HttpRequestException)
        {
            Errors.WriteLine($"error: {ex.Message}");
            return 2;
        }

        await using (live)
        {
            var plan = new LoadPlan(options.Broker.Host, options.Broker.Port, options.Rate, TimeSpan.FromSeconds(options.DurationSeconds), options.Seed)
            {
                Tls = options.Broker.ResolveTls(),
                Mix = TimeSpan.FromSeconds(options.MixSeconds),
                EventsPerElevatorHour = options.EventsPerHour,
                SourceAddresses = options.Bind,
                StartWhen = options.StartWhen,
                ConnectDeadline = TimeSpan.FromSeconds(options.ConnectDeadlineSeconds),
                KeepAlive = TimeSpan.FromSeconds(options.KeepAliveSeconds),
                ConnectConcurrency = options.ConnectConcurrency,
            };
            var result = await new LoadTest(plan, elevators, time, Output, live, alarms.Elevators, others).RunAsync(cancellationToken);
            Output.WriteLine(Report(result));
            if (options.Report is { } report)
            {
                await File.WriteAllTextAsync(report, JsonSerializer.Serialize(result, ReportJson), CancellationToken.None);
            }
            return result.Acknowledged > 0 ? 0 : 1;
        }
    }

    /// <summary>
    /// The berth sensors and escalators asked for, each modelled as the run verb models it: a berth on its lot's
    /// day/night curve (city.json beside the credentials), an escalator by its id's number.
    /// </summary>
    /// <exception cref="InvalidDataException">Fewer devices of a kind than asked for, or one the city cannot place.</exception>
    private IReadOnlyList<ModelledDevice> ModelledDevices(LoadOptions options)
    {
        if (options.Berths == 0 && options.Escalators == 0)
        {
            return [];
        }

        var all = DemoCity.ReadCredentials(options.Broker.Credentials).Devices;
        List<DemoCredential> Take(DeviceKind kind, int skip, int take, string name)
        {
            var devices = all.Where(d => d.Kind == kind).Skip(skip).Take(take).ToList();
            return devices.Count == take ? devices
                : throw new InvalidDataException($"{options.Broker.Credentials} has {devices.Count} {name} after the first {skip}, {take} asked for");
        }

        var credentials = Take(DeviceKind.Berth, options.SkipBerths, options.Berths, "berth sensors")
            .Concat(Take(DeviceKind.Escalator, options.SkipEscalators, options.Escalators, "escalators"));
        var now = time.GetUtcNow();
        var behaviour = new CityBehaviour(
            options.Seed, new ElevatorDeviceSettings(CityMix.StatusEvery, FaultsPerHour: 0), TimeSpan.FromSeconds(options.BerthHeartbeatSeconds),
            new DutySettings(0, 0), new SimulatedCalendar(now, TimeSpan.Zero, TimeSpan.FromDays(1)), time.LocalTimeZone);
        var models = new CityModels(behaviour, registry: null, new CityMap(DemoCity.ReadCity(options.Broker.BesideCredentials(DemoCity.CityFileName))));
        var firstSeq = SequenceCounter.StartFor(now);
        return [.. credentials.Select(credential =>
        {
            var sequences = new SequenceCounter(firstSeq);
            return new ModelledDevice(credential, models.Create(credential, sequences), sequences);
        })];
    }

    /// <summary>The load elevators of the firm that maintains most of them, one per alarm (an elevator has one open trap at a time).</summary>
    private static (string FirmId, IReadOnlyList<string> Elevators) PickAlarmElevators(LoadOptions options, IReadOnlyList<DemoCredential> elevators)
    {
        var city = CityTopologyFile.Load(options.Broker.BesideCredentials(DemoCity.CityFileName));
        var loaded = elevators.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var ofFirm = city.Elevators.Where(e => loaded.Contains(e.Id)).GroupBy(e => e.MaintenanceFirmId).MaxBy(g => g.Count())
            ?? throw new InvalidDataException("none of the load elevators is in the city");
        if (ofFirm.Count() < options.SkipAlarms + options.Alarms)
        {
            throw new InvalidDataException(
                $"firm {ofFirm.Key} maintains {ofFirm.Count()} of the load elevators, fewer than --skip-alarms {options.SkipAlarms} + --alarms {options.Alarms}; use more --devices");
        }

        return (ofFirm.Key, [.. ofFirm.Skip(options.SkipAlarms).Take(options.Alarms).Select(e => e.Id)]);
    }

    /// <summary>The end-of-test summary: counts, achieved rate and latency percentiles in milliseconds.</summary>
    public static string Report(LoadResult result) =>
        $"""
        Sessions: {result.Connected} of {result.Sessions} connected in {result.ConnectSeconds:F1} s
        Summary: sent {result.Sent}, acknowledged {result.Acknowledged}, rejected {result.Rejected}, not sent {result.NotSent}
        achieved {result.AchievedRate:F1} msg/s
        publish -> PUBACK latency: p50 {Ms(result.P50)}, p95 {Ms(result.P95)}, p99 {Ms(result.P99)}, max {Ms(result.Max)}
        """ +
        (result.Mix is { } mix
            ? $"\nmix: sent {mix.Sent} in {mix.Seconds:F0} s ({mix.AchievedRate:F1} msg/s: statuses {mix.Statuses}, berths {mix.BerthMessages}, escalators {mix.EscalatorStatuses}, events {mix.Events}), " +
              $"acknowledged {mix.Acknowledged}, rejected {mix.Rejected}, not sent {mix.NotSent}; publish -> PUBACK p50 {Ms(mix.P50)}, p95 {Ms(mix.P95)}, p99 {Ms(mix.P99)}, max {Ms(mix.Max)}"
            : "") +
        (result.WallPush is { } wall ? $"\npublish -> wall push latency: {Percentiles(wall)} ({wall.Measured} statuses timed of {wall.Expected} pushed)" : "") +
        (result.Alarm is { } alarm ? $"\ntrapped passenger -> firm console latency: {Percentiles(alarm)} ({alarm.Measured} of {alarm.Expected} alarms seen)" : "");

    private static string Percentiles(LatencySummary latency) =>
        $"p50 {Ms(latency.P50)}, p95 {Ms(latency.P95)}, p99 {Ms(latency.P99)}, max {Ms(latency.Max)}";

    private static string Ms(long microseconds) => $"{microseconds / 1000.0:F1} ms";
}
