using System.Collections.Immutable;
using CommandCenter.Assessment;
using CommandCenter.Elevators;
using CommandCenter.Elevators.History;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Grains.Duties;
using CommandCenter.Hosting;
using CommandCenter.Protocol;
using CommandCenter.Relational;
using CommandCenter.TelemetryIngest;
using CommandCenter.Tickets;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using District = CommandCenter.Protocol.District;

namespace CommandCenter.Tests.Assessment;

/// <summary>
/// A small city and a simulated November 2026 in Yinchuan's time zone, on fake time (6 December): work orders in the real
/// ticket archive, closed alarms and maintenance visits in the real elevator history (SQLite in a temporary folder), and the
/// assessment's services over them. Every figure the tests expect is worked out by hand in <c>AssessmentTests</c>.
/// </summary>
public sealed class AssessmentWorld : IAsyncDisposable
{
    public const string D1 = "640104";
    public const string D2 = "640106";
    public const string F1 = "FIRM-1";
    public const string F2 = "FIRM-2";

    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>16:00 UTC on 31 October: midnight of 1 November in Yinchuan.</summary>
    public static readonly DateTimeOffset November = new(2026, 10, 31, 16, 0, 0, TimeSpan.Zero);

    public static readonly CityTopology City = new(
        CityTopology.CurrentVersion,
        "银川市",
        [
            new District(D1, "兴庆区", true, [new Street("S1", "解放西街街道", [new Community("C1", "利民社区", [new Grid("G1", "网格一", 38.47, 106.28, ["B1"])])])]),
            new District(D2, "金凤区", true, [new Street("S2", "黄河东路街道", [new Community("C2", "阅海社区", [new Grid("G2", "网格二", 38.49, 106.22, ["B2"])])])]),
        ],
        Department.Defaults,
        [new UserUnit("U1", "物业一", new Contact("李总监", "13800000000"), "张主任")],
        [
            new MaintenanceFirm(F1, "甲维保", 38.47, 106.28, [D1], []),
            new MaintenanceFirm(F2, "乙维保", 38.49, 106.22, [D2], []),
        ],
        [
            Lift("E1", "G1", F1),
            Lift("E2", "G1", F1),
            Lift("E3", "G2", F2),
        ],
        [],
        []);

    private readonly ServiceProvider _services;
    private readonly string _folder;

    private AssessmentWorld(ServiceProvider services, string folder, FakeTimeProvider time)
    {
        _services = services;
        _folder = folder;
        Time = time;
    }

    /// <summary>6 December 2026, 12:00 in Yinchuan: November is over.</summary>
    public FakeTimeProvider Time { get; }

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public static AssessmentWindow NovemberWindow => AssessmentWindow.Month(2026, 11, Zone);

    /// <summary>The city, stores and services, with <paramref name="settings"/> over the defaults (e.g. a weight).</summary>
    public static async Task<AssessmentWorld> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var folder = Directory.CreateTempSubdirectory("cc-assessment-").FullName;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{DataOptions.Section}:{nameof(DataOptions.Path)}"] = folder })
            .AddInMemoryCollection(settings ?? [])
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddLocalization();
        services.AddOptions<DataOptions>().BindConfiguration(DataOptions.Section);
        services.AddOptions<SiloOptions>().BindConfiguration(SiloOptions.Section);
        services.AddOptions<DutyOptions>().BindConfiguration(DutyOptions.Section);
        services.AddTicketArchive(configuration);
        services.AddElevatorHistoryStore(configuration);
        services.AddSingleton<ElevatorHistory>();
        services.AddSingleton(new CityDirectory(City));
        services.AddSingleton<ITicketFigureSource, ArchiveTicketFigures>();
        services.AddAssessment();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 4, 0, 0, TimeSpan.Zero));
        services.AddSingleton<TimeProvider>(time);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var world = new AssessmentWorld(provider, folder, time);
        await RelationalStoreMigrator.MigrateAllAsync(provider, provider.GetServices<RelationalStore>(), NullLogger.Instance, CancellationToken.None);
        await world.SeedAsync();
        return world;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task SeedAsync()
    {
        var history = Get<ElevatorHistory>();
        // A0, October: firm 2 reaches E3 in 25 min, rescue 10 min (last month's figures only).
        await history.KeepClosedAlarmAsync(Alarm("A0", "E3", "G2", D2, At(-11), AlarmStatus.Completed, [(F2, 0)], arrivedAfter: 25, closedAfter: 35));
        // A1: firm 1 reaches E1 in 10 min, rescue 5.
        await history.KeepClosedAlarmAsync(Alarm("A1", "E1", "G1", D1, At(2), AlarmStatus.Completed, [(F1, 0)], arrivedAfter: 10, closedAfter: 15));
        // A2, 7 days later on E1 (a repeat fault): firm 1 misses its limit, firm 2 is sent at 30 min and arrives at 40, rescue 10.
        await history.KeepClosedAlarmAsync(Alarm("A2", "E1", "G1", D1, At(9), AlarmStatus.Completed, [(F1, 0), (F2, 30)], arrivedAfter: 40, closedAfter: 50));
        // A3: a false alarm on E3, dismissed by firm 2 after 5 min.
        await history.KeepClosedAlarmAsync(Alarm("A3", "E3", "G2", D2, At(11), AlarmStatus.FalseAlarm, [(F2, 0)], arrivedAfter: null, closedAfter: 5));
        // A4: firm 1 reaches E2 in 20 min, rescue 10.
        await history.KeepClosedAlarmAsync(Alarm("A4", "E2", "G1", D1, At(19), AlarmStatus.Completed, [(F1, 0)], arrivedAfter: 20, closedAfter: 30));
        // A5, December: outside every window of the tests.
        await history.KeepClosedAlarmAsync(Alarm("A5", "E2", "G1", D1, At(31), AlarmStatus.Completed, [(F1, 0)], arrivedAfter: 5, closedAfter: 6));

        // Maintenance: E1 every 14 days from 25 October (on time all November); E2 first on 5 November (a gap), the 18 November
        // visit lacks items; E3 every 14 days from 28 October (on time). Days count from the start of November.
        var seq = 0;
        foreach (var (lift, day, complete) in new[]
        {
            ("E1", -6.0, true), ("E1", 8, true), ("E1", 22, true),
            ("E2", 5, true), ("E2", 18, false),
            ("E3", -3, true), ("E3", 11, true), ("E3", 25, true),
        })
        {
            var at = At(day);
            var record = new MaintenanceRecord(1, "APP-1", ++seq, at, lift, MaintenanceType.HalfMonth, ["HM-01"], "赵师傅", City.Elevators.Single(e => e.Id == lift).MaintenanceFirmId, at.AddHours(-1), at);
            await history.KeepRecordAsync(record, complete ? [] : ["HM-02"]);
        }

        var archive = Get<ITicketArchive>();
        // T1, district 1: every step on time, dispatched once; the resident is unsatisfied.
        await archive.SaveAsync(Ticket("T1", "G1", At(1), filedLate: false, overdue: false, closedLate: false, reworks: 0, evaluations: [TicketSatisfaction.Unsatisfied]));
        // T2, district 1: first dispatched to its street, which returned it as not theirs, then to the city management department:
        // filed late, went overdue (yellow card), closed late, sent back once; unsatisfied at first, basically satisfied at last.
        await archive.SaveAsync(Ticket(
            "T2", "G1", At(4), filedLate: true, overdue: true, closedLate: false, reworks: 1, department: "cg", returns: 1,
            evaluations: [TicketSatisfaction.Unsatisfied, TicketSatisfaction.BasicallySatisfied]));
        // T3, district 2: cancelled in time.
        await archive.SaveAsync(Ticket("T3", "G2", At(6), filedLate: false, overdue: false, closedLate: false, reworks: 0, cancelled: true));
        // T4, district 1, reported in October: last month's only; satisfied.
        await archive.SaveAsync(Ticket("T4", "G1", At(-10), filedLate: false, overdue: false, closedLate: false, reworks: 0, evaluations: [TicketSatisfaction.Satisfied]));
    }

    /// <summary>An instant <paramref name="days"/> after the start of November in Yinchuan, at 10:00 local time.</summary>
    public static DateTimeOffset At(double days) => November.AddDays(days).AddHours(10);

    private static ElevatorInfo Lift(string id, string grid, string firm) =>
        new(id, $"REG-{id}", grid, grid == "G1" ? "B1" : "B2", "地址", "U1", new Contact("王安全", "13900000000"), firm);

    private static AlarmSnapshot Alarm(
        string id, string lift, string grid, string district, DateTimeOffset at, AlarmStatus end, (string Firm, int After)[] dispatches, int? arrivedAfter, int closedAfter)
    {
        var steps = new List<AlarmStep> { new(AlarmStatus.Occurred, at, "device", null), new(AlarmStatus.Responded, at.AddMinutes(2), "firm", null) };
        if (arrivedAfter is { } arrived)
        {
            steps.Add(new AlarmStep(AlarmStatus.Arrived, at.AddMinutes(arrived), "firm", null));
        }

        steps.Add(new AlarmStep(end, at.AddMinutes(closedAfter), "firm", null));
        return new AlarmSnapshot(
            id, lift, "11", "困人", AlarmSeverity.Critical, end, at, 3, grid, district,
            [.. dispatches.Select(d => AlarmDispatch.For(d.Firm, at.AddMinutes(d.After), at.AddMinutes(d.After + 30), new TextCode(AlarmDispatchReasons.FirmOfElevator, [])))],
            steps, null, false, null);
    }

    private static TicketDetails Ticket(
        string id, string grid, DateTimeOffset reported, bool filedLate, bool overdue, bool closedLate, int reworks, string? department = null, bool cancelled = false,
        int returns = 0, TicketSatisfaction[]? evaluations = null)
    {
        var place = new CityDirectory(City).FindGrid(grid)!;
        ImmutableArray<TicketArea> placePath =
        [
            new(TicketAreaLevel.Grid, grid), new(TicketAreaLevel.Community, place.Community.Id), new(TicketAreaLevel.Street, place.Street.Id),
            new(TicketAreaLevel.District, place.District.Id), TicketArea.City,
        ];
        var decided = reported.AddHours(filedLate ? 5 : 1);
        var summary = new TicketSummary
        {
            Id = id,
            Version = 9,
            Source = TicketSource.GridWorker,
            Category = TicketCategoryCodes.ExposedGarbage,
            Description = "暴露垃圾",
            Location = new TicketLocation(grid, DistrictId: place.District.Id),
            Reporter = "网格员",
            ReportedAt = reported,
            FilingDueAt = reported.AddHours(2),
            DecidedAt = decided,
            PlacePath = placePath,
            AreaPath = department is null ? placePath : [new(TicketAreaLevel.Department, department), TicketArea.City],
        };
        if (cancelled)
        {
            return new TicketDetails(summary with { Status = TicketStatus.Cancelled, UpdatedAt = decided }, [], []);
        }

        // Each wrong dispatch went to the case's street and came back within the hour before the dispatch that stuck.
        var dispatched = decided.AddHours(1 + returns);
        var deadline = dispatched.AddDays(1);
        var feedback = overdue ? deadline.AddHours(3) : deadline.AddHours(-3);
        var closureDue = deadline.AddDays(1);
        var closed = overdue || closedLate ? closureDue.AddHours(2) : feedback.AddHours(1);
        return new TicketDetails(
            summary with
            {
                Status = TicketStatus.Closed,
                UpdatedAt = closed,
                DispatchDueAt = decided.AddHours(2),
                DispatchedAt = dispatched,
                DeadlineAt = deadline,
                FeedbackAt = feedback,
                ClosureDueAt = closureDue,
                ClosedAt = closed,
                Level = overdue ? SupervisionLevel.Yellow : SupervisionLevel.Normal,
                ReworkCount = reworks,
                Returns = [.. Enumerable.Range(0, returns).Select(n => new TicketReturn(
                    new TicketArea(TicketAreaLevel.Street, place.Street.Id), "街道值班员", decided.AddHours(n + 1.5), "不属本单位职责"))],
                Evaluations = [.. (evaluations ?? []).Select((satisfaction, n) => new TicketEvaluation(
                    satisfaction, null, TicketEvaluationChannel.Phone, "回访员", closed.AddDays(n + 1), Reopened: false))],
            },
            [],
            []);
    }
}

/// <summary>The ticket figures of the archive alone: every ticket of the simulated month is finished.</summary>
public sealed class ArchiveTicketFigures(ITicketArchive archive, TimeProvider time) : ITicketFigureSource
{
    public async Task<IReadOnlyDictionary<string, TicketKpis>> KpisByAreaAsync(
        ImmutableArray<string> areaKeys, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        await archive.KpisByAreaAsync(new TicketQuery { ReportedFrom = from, ReportedTo = to }, areaKeys, time.GetUtcNow(), [], cancellationToken);
}
