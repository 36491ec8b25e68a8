using System.CommandLine;
using CommandCenter.Protocol;
using CommandCenter.Simulators.City;
using CommandCenter.Geography.Areas;
using CommandCenter.Simulators.Live;
using CommandCenter.Simulators.People;
using CommandCenter.Simulators.Responders;
using CommandCenter.Simulators.Scenarios;
using CommandCenter.Simulators.Simulation;

namespace CommandCenter.Simulators.Cli;

/// <summary>Options of <c>run</c>; every option has a default that suits a demo.</summary>
public sealed record RunOptions
{
    public DeviceBroker Broker { get; init; } = new();

    /// <summary>The device registry; null for devices.json beside the credentials file.</summary>
    public string? Registry { get; init; }

    /// <summary>The city topology; null for city.json beside the credentials file.</summary>
    public string? City { get; init; }

    public string? Scenario { get; init; }

    public int Seed { get; init; } = 1;

    public TimeSpan? Duration { get; init; }

    public int HeartbeatSeconds { get; init; } = 10;

    public double FaultRate { get; init; } = 0.2;

    public int BerthHeartbeatSeconds { get; init; } = 300;

    public int DaySeconds { get; init; } = 600;

    public int HistoryDays { get; init; } = 30;

    public double MissedShare { get; init; } = 0.1;

    public double OverdueShare { get; init; } = 0.15;

    /// <summary>The command center's web address; when set, every firm's demo user responds to its alarms.</summary>
    public string? Responders { get; init; }

    public double LateShare { get; init; } = 0.2;

    /// <summary>The command center's web address; when set, its demo grid workers, units and operator play cases through (<see cref="PeopleSimulation"/>).</summary>
    public string? People { get; init; }

    public double CasesPerHour { get; init; } = 1;

    public double ReturnShare { get; init; } = 0.1;

    public double LateFeedbackShare { get; init; } = 0.15;

    public double UnsatisfiedShare { get; init; } = 0.1;

    /// <summary>The demo users' file the responders and people sign in from; null for demo-users.json beside the credentials file.</summary>
    public string? DemoUsers { get; init; }

    public string DemoUsersPath => DemoUsers ?? Broker.BesideCredentials(ConsoleLogin.DemoUsersFileName);

    public string RegistryPath => Registry ?? Broker.BesideCredentials(DemoCity.RegistryFileName);

    public string CityPath => City ?? Broker.BesideCredentials(DemoCity.CityFileName);
}

/// <summary><c>run</c>: simulates every device of a credentials file until stopped.</summary>
public sealed class RunCommand(TimeProvider time, TextWriter output, TextWriter errors) : Verb<RunOptions>(output, errors)
{
    private static readonly RunOptions Defaults = new();

    private readonly DeviceBrokerOptions _broker = new("the devices to simulate and their secrets (written by the city verb)");
    private readonly Option<string?> _registry = VerbOptions.OptionalText("--registry", "FILE", "device registry with the elevators each app serves", "devices.json beside the credentials file");
    private readonly Option<string?> _city = VerbOptions.OptionalText("--city", "FILE", "city topology: berths' lots, lot capacities, night-free berths, units, districts", "city.json beside the credentials file");
    private readonly Option<string?> _scenario = VerbOptions.OptionalText("--scenario", "FILE", "scenario to play, e.g. scenarios/trapped-passenger.json (see below)", "none");
    private readonly Option<int> _seed = VerbOptions.Whole("--seed", "N", "random seed; the same seed gives the same moves, faults and records", int.MinValue, int.MaxValue, Defaults.Seed);
    private readonly Option<int?> _duration = VerbOptions.OptionalWhole("--duration", "SECONDS", "stop after this long", 1, 31_536_000, "run until Ctrl-C");
    private readonly Option<int> _heartbeat = VerbOptions.Whole("--heartbeat", "SECONDS", "elevator status interval while nothing changes", 1, 3600, Defaults.HeartbeatSeconds);
    private readonly Option<double> _faultRate = VerbOptions.Number("--fault-rate", "RATE", "random elevator faults per elevator-hour", 0, 3600, Defaults.FaultRate);
    private readonly Option<int> _berthHeartbeat = VerbOptions.Whole("--berth-heartbeat", "SECONDS", "berth sensor and lot gate report interval while nothing changes", 1, 86_400, Defaults.BerthHeartbeatSeconds);
    private readonly Option<int> _daySeconds = VerbOptions.Whole("--day-seconds", "SECONDS", "real seconds per simulated day of the apps' duties", 10, 86_400, Defaults.DaySeconds);
    private readonly Option<int> _historyDays = VerbOptions.Whole("--history-days", "DAYS", "simulated days the apps' calendar starts in the past", 0, 366, Defaults.HistoryDays);
    private readonly Option<double> _missedShare = VerbOptions.Number("--missed-share", "SHARE", "share of daily/weekly/monthly duties skipped (half) or filed late (half)", 0, 1, Defaults.MissedShare);
    private readonly Option<double> _overdueShare = VerbOptions.Number("--overdue-share", "SHARE", "share of elevators whose maintenance runs past 15 days", 0, 1, Defaults.OverdueShare);
    private readonly Option<string?> _responders = VerbOptions.WebAddress(
        "--responders", "command center web address: each firm's demo user (see --demo-users) responds to, reaches and closes its alarms");
    private readonly Option<string?> _demoUsers = VerbOptions.OptionalText(
        "--demo-users", "FILE", "the command center's demo users (their firm users respond; with --people their grid workers, units and operator play)", "demo-users.json beside the credentials file");
    private readonly Option<double> _lateShare = VerbOptions.Number("--late-share", "SHARE", "share of the responders' arrivals after the arrival limit", 0, 1, Defaults.LateShare);
    private readonly Option<string?> _people = VerbOptions.WebAddress(
        "--people", "command center web address: its demo grid workers report cases, units act on them, the operator files, dispatches and closes (see below)");
    private readonly Option<double> _casesPerHour = VerbOptions.Number("--cases-per-hour", "RATE", "cases each simulated grid worker reports per hour (0: none)", 0, 3600, Defaults.CasesPerHour);
    private readonly Option<double> _returnShare = VerbOptions.Number("--return-share", "SHARE", "share of cases first dispatched to the wrong department, which returns them", 0, 1, Defaults.ReturnShare);
    private readonly Option<double> _lateFeedbackShare = VerbOptions.Number("--late-feedback-share", "SHARE", "share of cases the unit feeds back after the disposal deadline", 0, 1, Defaults.LateFeedbackShare);
    private readonly Option<double> _unsatisfiedShare = VerbOptions.Number("--unsatisfied-share", "SHARE", "share of closed cases the reporter is unsatisfied with (a third of them ask for rework)", 0, 0.8, Defaults.UnsatisfiedShare);

    public override string Name => "run";

    public override string Summary => "Simulates every device of a city: elevators, berth sensors, lot gates and the safety officers' apps; with --responders the firms, with --people grid workers, units and the desk.";

    public override string Notes { get; } =
        """
        City. city.json (written by the city verb with the registry) places every device: a berth sensor
        follows the lot it belongs to, a lot gate counts up to the lot's capacity, an app serves the units
        of its elevators and names their safety officers, directors and maintenance firms, and a district
        is its elevators, its lots' gate counters and their berth sensors. Elevator floors, and whether a
        lot serves residents or offices, are derived from the id's number. If the registry and the city
        disagree (say, devices.json from an older version), a warning says how.

        Devices. One MQTT 5 session per device (client id and username = device id, password = its
        secret), QoS 1, topics cc/v1/... (docs/protocol.md). Each announces "online" after connecting and
        leaves "offline" as its last will (seq 0). Sessions that drop are reconnected with back-off.
        - Elevators step once a second: calls, door cycles, passengers; status on every change and every
          --heartbeat. Random faults (GB/T 24476 codes 01-11, 90) are raised and cleared after minutes;
          a trapped passenger (11) is freed after 2.5-6 minutes.
        - Berth sensors follow a day/night curve of their lot (residential lots full at night, commercial
          ones at midday, city local time); night-free berths also fill from 19:00 to 07:00; battery drains
          slowly; state on change and every --berth-heartbeat.
        - Lot gates report cumulative entry/exit counters on change and every --berth-heartbeat.
        - Apps file daily checks per elevator (mostly zero-risk), weekly investigations (hazards
          sometimes, rarely serious), monthly minutes per user unit and maintenance records every ~15 days.
          Their calendar is compressed: it starts --history-days back and runs a day per --day-seconds
          until it reaches the real date, then keeps pace (records are never dated in the future).
        Sequence numbers start at the run's start time in Unix seconds x 1000, so a restarted simulator
        is not taken for a replay by ingest's deduplication.

        Scenario files (JSON; comments allowed) list timed steps, in time order:
          {"description": "...", "steps": [
            {"at": "30s", "action": "trap", "elevator": "EL-0003", "note": "shown when the step runs"},
            {"at": "45s", "action": "release", "elevator": "EL-0003"},
            {"at": "1m", "action": "fault", "elevator": "EL-0005", "code": "02", "for": "2m"},
            {"at": "90s", "action": "burst", "messages": 5000, "devices": "EL-*"},
            {"at": "2m", "action": "stop", "devices": "EL-00*"},
            {"at": "3m", "action": "start", "devices": "EL-00*"},
            {"at": "4m", "action": "stop", "district": "640104"},
            {"at": "6m", "action": "start", "district": "640104"}]}
        at/for are durations like "45s", "2m", "1h30m". trap and fault hold until a release step unless
        "for" is given. burst sends extra elevator statuses at once, spread over the matching elevators
        (default all). stop cuts devices off as a power loss would (the broker publishes their offline
        wills); start brings them back. stop and start take either "devices", a device-id pattern ('*'
        any run of characters, '?' one character), or "district", a district id of city.json (640104..):
        its elevators, lot gate counters and berth sensors. Examples ship in scenarios/.
        Progress is printed every 10 seconds.

        People (--people URL). The demo users of --demo-users sign in as a browser does and use the public API:
        - each grid worker reports cases in their grid (POST /api/cases: a category, a place inside the grid,
          a generated photo) at random gaps averaging --cases-per-hour;
        - the city operator files a reported case within 2 minutes, dispatches it by its category's group
          (city appearance, advertising, street order: 城管 cg; public facilities, landscaping: 市政 sz;
          traffic: 交警 jj; construction: 住建 zj; the rest to the place's street or community) and closes
          verified cases; --return-share of the cases go first to another department, which returns them
          as wrongly dispatched, and are dispatched again;
        - departments, streets and communities accept within a quarter of an hour and feed back with a photo
          within the hour, before the deadline; --late-feedback-share feed back up to an hour after it;
        - the grid worker of the case's grid verifies with a photo; the reporter evaluates the closed case:
          --unsatisfied-share unsatisfied (a third of them asking for rework), a fifth basically satisfied,
          the rest satisfied.
        Only cases the simulated grid workers reported are touched. Each step is a line of the output; a
        refused step is printed with the command center's reason and not retried until the case changes.
        """;


    protected override IEnumerable<Option> Options =>
    [
        .. _broker.All, _registry, _city, _scenario, _seed, _duration,
        _heartbeat, _faultRate, _berthHeartbeat, _daySeconds, _historyDays, _missedShare, _overdueShare, _responders, _demoUsers, _lateShare,
        _people, _casesPerHour, _returnShare, _lateFeedbackShare, _unsatisfiedShare,
    ];

    public override RunOptions Read(ParseResult parse) => new()
    {
        Broker = _broker.Read(parse),
        Registry = parse.GetValue(_registry),
        City = parse.GetValue(_city),
        Scenario = parse.GetValue(_scenario),
        Seed = parse.GetValue(_seed),
        Duration = parse.GetValue(_duration) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
        HeartbeatSeconds = parse.GetValue(_heartbeat),
        FaultRate = parse.GetValue(_faultRate),
        BerthHeartbeatSeconds = parse.GetValue(_berthHeartbeat),
        DaySeconds = parse.GetValue(_daySeconds),
        HistoryDays = parse.GetValue(_historyDays),
        MissedShare = parse.GetValue(_missedShare),
        OverdueShare = parse.GetValue(_overdueShare),
        Responders = parse.GetValue(_responders),
        LateShare = parse.GetValue(_lateShare),
        DemoUsers = parse.GetValue(_demoUsers),
        People = parse.GetValue(_people),
        CasesPerHour = parse.GetValue(_casesPerHour),
        ReturnShare = parse.GetValue(_returnShare),
        LateFeedbackShare = parse.GetValue(_lateFeedbackShare),
        UnsatisfiedShare = parse.GetValue(_unsatisfiedShare),
    };

    protected override async Task<int> ExecuteAsync(RunOptions options, CancellationToken cancellationToken)
    {
        CitySimulation simulation;
        CityMap city;
        try
        {
            var credentials = DemoCity.ReadCredentials(options.Broker.Credentials);
            if (credentials.Devices.Count == 0)
            {
                throw new InvalidDataException($"{options.Broker.Credentials} lists no devices");
            }

            var registry = credentials.Devices.Any(d => d.Kind == DeviceKind.App) ? DemoCity.ReadRegistry(options.RegistryPath) : null;
            city = new CityMap(DemoCity.ReadCity(options.CityPath));
            if (registry is not null && DemoCity.Disagreements(city, registry) is { Count: > 0 } disagreements)
            {
                Warn($"the device registry and the city disagree in {disagreements.Count} ways, so the command center may refuse some records; " +
                     "'city --out DIR --force' regenerates both (new secrets):", disagreements);
            }

            var scenario = options.Scenario is { } path ? ScenarioParser.Load(path, s => ScenarioParser.CheckAgainst(s, credentials.Devices, city)) : null;
            simulation = new CitySimulation(options, credentials, registry, city, scenario, time, Output);
        }
        catch (Exception ex) when (ex is InvalidDataException or OutdatedCityFileException or ScenarioException or FileNotFoundException)
        {
            Errors.WriteLine($"error: {ex.Message}");
            return 2;
        }

        // The devices start at once; the responders and people join whenever the command center answers.
        using var stopPeople = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var responders = StartRespondersAsync(options, city, stopPeople.Token);
        var people = StartPeopleAsync(options, city, stopPeople.Token);
        try
        {
            await simulation.RunAsync(cancellationToken);
        }
        finally
        {
            await stopPeople.CancelAsync();
            if (await responders is { } started)
            {
                await started.DisposeAsync();
            }

            if (await people is { } playing)
            {
                await playing.DisposeAsync();
            }
        }

        return 0;
    }

    private async Task<PeopleSimulation?> StartPeopleAsync(RunOptions options, CityMap city, CancellationToken cancellationToken)
    {
        if (options.People is not { } url)
        {
            return null;
        }

        try
        {
            var areasFile = CityAreasFile.Beside(options.CityPath);
            var areas = File.Exists(areasFile) ? CityAreasFile.Load(areasFile, city.Topology) : null;
            var settings = PeopleSettings.Demo(options.Seed) with
            {
                CasesPerHour = options.CasesPerHour,
                ReturnShare = options.ReturnShare,
                LateShare = options.LateFeedbackShare,
                UnsatisfiedShare = options.UnsatisfiedShare,
            };
            return await PeopleSimulation.StartAsync(new Uri(url), options.DemoUsersPath, city.Topology, areas, settings, time, TextWriter.Synchronized(Output), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException or HttpRequestException)
        {
            // The devices go on without people: a demo without street cases beats no demo.
            Errors.WriteLine($"warning: no simulated people: {ex.Message}");
            return null;
        }
    }

    private async Task<FirmResponders?> StartRespondersAsync(RunOptions options, CityMap city, CancellationToken cancellationToken)
    {
        if (options.Responders is not { } url)
        {
            return null;
        }

        try
        {
            return await FirmResponders.StartAsync(
                new Uri(url), options.DemoUsersPath, city.Topology.Firms, options.Seed, options.LateShare,
                ResponseTimings.Demo, time, TextWriter.Synchronized(Output), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException or HttpRequestException)
        {
            // The devices go on without responders: a demo with open alarms beats no demo.
            Errors.WriteLine($"warning: no simulated responders: {ex.Message}");
            return null;
        }
    }
}
