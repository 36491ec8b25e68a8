using System.CommandLine;
using System.Net;
using System.Text.Json;
using CommandCenter.Protocol;
using CommandCenter.Simulators.City;
using CommandCenter.Simulators.Live;
using CommandCenter.Simulators.Load;

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

    /// <summary>Where to write the result as JSON (<see cref="LoadResult"/>), for bench.sh; null: nowhere.</summary>
    public string? Report { get; init; }
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
    private readonly Option<string?> _report = VerbOptions.OptionalText("--report", "FILE", "also write the summary's figures there as JSON (microseconds)", "off");

    public override string Name => "load";

    public override string Summary => "Load test: elevator statuses from N devices at a total rate; reports throughput and publish latency.";

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
        that firm's load elevators, spread over the run, timing each from its publish to the
        alarmChanged push on the firm's console.
        """;

    protected override IEnumerable<Option> Options => [.. _broker.All, _devices, _skip, _rate, _duration, _seed, _live, _alarms, _report];

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
        Report = parse.GetValue(_report),
    };

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
            };
            var result = await new LoadTest(plan, elevators, time, Output, live, alarms.Elevators).RunAsync(cancellationToken);
            Output.WriteLine(Report(result));
            if (options.Report is { } report)
            {
                await File.WriteAllTextAsync(report, JsonSerializer.Serialize(result, ReportJson), CancellationToken.None);
            }
            return result.Acknowledged > 0 ? 0 : 1;
        }
    }

    /// <summary>The load elevators of the firm that maintains most of them, one per alarm (an elevator has one open trap at a time).</summary>
    private static (string FirmId, IReadOnlyList<string> Elevators) PickAlarmElevators(LoadOptions options, IReadOnlyList<DemoCredential> elevators)
    {
        var city = CityTopologyFile.Load(options.Broker.BesideCredentials(DemoCity.CityFileName));
        var loaded = elevators.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var ofFirm = city.Elevators.Where(e => loaded.Contains(e.Id)).GroupBy(e => e.MaintenanceFirmId).MaxBy(g => g.Count())
            ?? throw new InvalidDataException("none of the load elevators is in the city");
        if (ofFirm.Count() < options.Alarms)
        {
            throw new InvalidDataException(
                $"firm {ofFirm.Key} maintains {ofFirm.Count()} of the load elevators, fewer than --alarms {options.Alarms}; use more --devices");
        }

        return (ofFirm.Key, [.. ofFirm.Take(options.Alarms).Select(e => e.Id)]);
    }

    /// <summary>The end-of-test summary: counts, achieved rate and latency percentiles in milliseconds.</summary>
    public static string Report(LoadResult result) =>
        $"""
        Summary: sent {result.Sent}, acknowledged {result.Acknowledged}, rejected {result.Rejected}, not sent {result.NotSent}
        achieved {result.AchievedRate:F1} msg/s
        publish -> PUBACK latency: p50 {Ms(result.P50)}, p95 {Ms(result.P95)}, p99 {Ms(result.P99)}, max {Ms(result.Max)}
        """ +
        (result.WallPush is { } wall ? $"\npublish -> wall push latency: {Percentiles(wall)} ({wall.Measured} statuses timed of {wall.Expected} pushed)" : "") +
        (result.Alarm is { } alarm ? $"\ntrapped passenger -> firm console latency: {Percentiles(alarm)} ({alarm.Measured} of {alarm.Expected} alarms seen)" : "");

    private static string Percentiles(LatencySummary latency) =>
        $"p50 {Ms(latency.P50)}, p95 {Ms(latency.P95)}, p99 {Ms(latency.P99)}, max {Ms(latency.Max)}";

    private static string Ms(long microseconds) => $"{microseconds / 1000.0:F1} ms";
}
