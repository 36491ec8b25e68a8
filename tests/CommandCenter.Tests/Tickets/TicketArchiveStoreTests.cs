using System.Collections.Immutable;
using System.Text.Json;
using CommandCenter.Grains.Abstractions;
using Shouldly;

namespace CommandCenter.Tests.Tickets;

/// <summary>
/// The archive's SQL answers what <see cref="TicketQuery.Matches"/> and <see cref="TicketPage.Order"/> answer over the
/// same tickets, on each engine: ties in the report time broken by id, instants a tick apart, case-insensitive ids and
/// categories, areas where a ticket is handled and where it happened, the cutoff, the ids left to the index, paging, KPIs.
/// </summary>
public abstract class TicketArchiveStoreTests(TicketArchiveFixture fixture)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 1, 0, 0, TimeSpan.Zero);

    private static readonly TicketArea G1 = new(TicketAreaLevel.Grid, "G1");
    private static readonly TicketArea G3 = new(TicketAreaLevel.Grid, "G3");
    private static readonly TicketArea Cg = new(TicketAreaLevel.Department, "cg");

    /// <summary>Finished tickets; the last one finishes after the cutoff the queries use.</summary>
    internal static readonly TicketSummary[] Tickets =
    [
        Closed("WO-20261102-000001", T0, "road-cleaning", [G1], [G1]),
        Closed("WO-20261102-000002", T0, "Exposed-Garbage", [Cg, TicketArea.City], [G3, TicketArea.City]) with
        {
            ReworkCount = 2,
            Level = SupervisionLevel.Red,
            Returns = [new TicketReturn(G3, "grid-staff", T0.AddHours(1), "not ours")],
            Evaluations = [new TicketEvaluation(TicketSatisfaction.Unsatisfied, null, TicketEvaluationChannel.Phone, "operator", T0.AddDays(2), Reopened: true),
                new TicketEvaluation(TicketSatisfaction.BasicallySatisfied, null, TicketEvaluationChannel.Reporter, "reporter", T0.AddDays(3), Reopened: false)],
        },
        Closed("WO-20261102-000010", T0, "road-cleaning", [G3], [G3]) with { Source = TicketSource.Open311, ClosedAt = T0.AddDays(3) },
        Closed("WO-20261102-000003", T0.AddTicks(1), "road-cleaning", [G1], [G1]) with
        {
            DecidedAt = T0.AddHours(2),
            Evaluations = [new TicketEvaluation(TicketSatisfaction.Satisfied, null, TicketEvaluationChannel.Reporter, "reporter", T0.AddDays(1), Reopened: false)],
        },
        Closed("wo-20261102-000004", T0.AddTicks(-1), "exposed-garbage", [G3], []),
        Cancelled("WO-20261103-000001", T0.AddDays(1), "road-cleaning", [G1]),
        Cancelled("WO-20261103-000002", T0.AddDays(1), "exposed-garbage", [G3]) with { DecidedAt = T0.AddDays(1).AddHours(3) },
        Closed("WO-20261130-000001", T0.AddDays(28), "road-cleaning", [G1], [G1]),
    ];

    private static readonly DateTimeOffset Cutoff = T0.AddDays(20);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Queries() => [.. QueryList.Keys];

    private static Dictionary<string, TicketQuery> QueryList { get; } = new()
    {
        ["all"] = new TicketQuery(),
        ["grid G1"] = new TicketQuery { Area = G1.Key },
        ["grid G3, where it happened"] = new TicketQuery { Area = G3.Key },
        ["department"] = new TicketQuery { Area = Cg.Key },
        ["city"] = new TicketQuery { Area = AreaKeys.City },
        ["category in other case"] = new TicketQuery { Category = "EXPOSED-garbage" },
        ["closed"] = new TicketQuery { Statuses = [TicketStatus.Closed] },
        ["cancelled or open"] = new TicketQuery { Statuses = [TicketStatus.Cancelled, TicketStatus.Dispatched] },
        ["open only"] = new TicketQuery { Statuses = [TicketStatus.Reported] },
        ["source"] = new TicketQuery { Source = TicketSource.Open311 },
        ["level"] = new TicketQuery { Level = SupervisionLevel.Red },
        ["overdue"] = new TicketQuery { Overdue = true },
        ["not overdue"] = new TicketQuery { Overdue = false },
        ["ids in other case"] = new TicketQuery { Ids = ["wo-20261102-000001", "WO-20261102-000004", "WO-nothing"] },
        ["reported from, a tick apart"] = new TicketQuery { ReportedFrom = T0 },
        ["reported to, a tick apart"] = new TicketQuery { ReportedTo = T0.AddTicks(1) },
        ["first page"] = new TicketQuery { Take = 2 },
        ["second page"] = new TicketQuery { Skip = 2, Take = 2 },
        ["beyond the end"] = new TicketQuery { Skip = 6, Take = 2 },
    };

    private TestTicketArchive Archive => fixture.Archive;

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task KpisByArea_EveryAreaInOneCall_AnswersAsOneQueryPerAreaAndAsTheIndexWould(string name)
    {
        var query = QueryList[name] with { Area = G1.Key };
        ImmutableArray<string> excluding = ["WO-20261102-000003"];
        ImmutableArray<string> areas = [G1.Key, G3.Key, Cg.Key, AreaKeys.City, "grid/nowhere"];
        var answered = Tickets.Where(t => t.FinishedAt() <= Cutoff && !excluding.Contains(t.Id)).ToList();

        var byArea = await Archive.KpisByAreaAsync(query, areas, Cutoff, excluding, Ct);

        byArea.Keys.Order().ShouldBe(areas.Order());
        foreach (var area in areas)
        {
            // The query's own area gives way to each key; the city takes every ticket.
            var one = query with { Area = area == AreaKeys.City ? null : area };
            byArea[area].ShouldBe(answered.Where(t => one.Matches(t, T0)).Aggregate(new TicketKpis(), (sum, t) => sum.Plus(TicketKpis.Of(t, T0))), area);
        }

        var index = TicketIndex.SumByArea(answered.Where(t => (query with { Area = null }).Matches(t, T0)), areas, T0);
        areas.ShouldAllBe(area => index[area] == byArea[area]);
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Query_AnswersAsTheIndexWould(string name)
    {
        var query = QueryList[name];
        ImmutableArray<string> excluding = ["WO-20261102-000003"];
        var expected = Tickets
            .Where(t => t.FinishedAt() <= Cutoff && !excluding.Contains(t.Id) && query.Matches(t, T0))
            .Order(TicketPage.Order)
            .ToList();

        var page = await Archive.QueryAsync(query, Cutoff, excluding, Ct);
        var kpis = await Archive.KpisAsync(query, Cutoff, excluding, Ct);

        page.Total.ShouldBe(expected.Count);
        page.Items.Select(t => t.Id).ShouldBe(expected.Take(query.Skip + query.Take).Select(t => t.Id));
        kpis.ShouldBe(expected.Aggregate(new TicketKpis(), (sum, t) => sum.Plus(TicketKpis.Of(t, T0))));
    }

    [Fact]
    public async Task Find_GivesTheTicketAndItsTrailAsStored()
    {
        var stored = Tickets[1];

        var found = (await Archive.FindAsync(stored.Id, Ct))!;

        found.Ticket.Id.ShouldBe(stored.Id);
        found.Ticket.AreaPath.ShouldBe(stored.AreaPath);
        found.Ticket.PlacePath.ShouldBe(stored.PlacePath);
        found.Ticket.ClosedAt.ShouldBe(stored.ClosedAt);
        // As JSON: a notice's arguments are a list, which records compare by reference.
        JsonSerializer.Serialize(found.Audit).ShouldBe(JsonSerializer.Serialize(Details(stored).Audit));
        found.AllowedActions.ShouldBeEmpty();
        (await Archive.FindAsync("WO-nothing", Ct)).ShouldBeNull();
        (await Archive.FindAsync(Tickets[0].Id, Ct))!.Audit.ShouldNotBeEmpty();
    }

    internal static TicketDetails Details(TicketSummary ticket) => new(
        ticket,
        [
            new TicketAuditEntry(ticket.ReportedAt, "网格员 李娜", "Report", null, TicketStatus.Reported, "路面油污"),
            new TicketAuditEntry(ticket.FinishedAt()!.Value, "system", "YellowCard", TicketStatus.Dispatched, TicketStatus.Dispatched, null, "community/C1",
                TextCode.Of("Notice.Escalated", "2026-11-02 09:00", "community/C1")),
        ],
        []);

    private static TicketSummary Closed(string id, DateTimeOffset reportedAt, string category, ImmutableArray<TicketArea> areaPath, ImmutableArray<TicketArea> placePath) => new()
    {
        Id = id,
        Version = 7,
        Source = TicketSource.GridWorker,
        Category = category,
        Status = TicketStatus.Closed,
        ReportedAt = reportedAt,
        UpdatedAt = reportedAt.AddHours(6),
        FilingDueAt = reportedAt.AddHours(1),
        DecidedAt = reportedAt.AddMinutes(10),
        DispatchDueAt = reportedAt.AddHours(1),
        DispatchedAt = reportedAt.AddHours(1.5),
        Target = areaPath[0],
        DeadlineAt = reportedAt.AddHours(3),
        ClosureDueAt = reportedAt.AddHours(5),
        FeedbackAt = reportedAt.AddHours(2),
        ClosedAt = reportedAt.AddHours(6),
        AreaPath = areaPath,
        PlacePath = placePath,
    };

    private static TicketSummary Cancelled(string id, DateTimeOffset reportedAt, string category, ImmutableArray<TicketArea> path) => new()
    {
        Id = id,
        Version = 2,
        Source = TicketSource.Hotline12345,
        Category = category,
        Status = TicketStatus.Cancelled,
        ReportedAt = reportedAt,
        UpdatedAt = reportedAt.AddMinutes(20),
        FilingDueAt = reportedAt.AddHours(1),
        DecidedAt = reportedAt.AddMinutes(20),
        AreaPath = path,
        PlacePath = path,
    };
}

/// <summary>An archive holding <see cref="TicketArchiveStoreTests.Tickets"/>, each stored twice (the repeat with another trail changes nothing).</summary>
public abstract class TicketArchiveFixture : IAsyncLifetime
{
    public TestTicketArchive Archive { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        Archive = await StartAsync();
        foreach (var ticket in TicketArchiveStoreTests.Tickets)
        {
            await Archive.SaveAsync(TicketArchiveStoreTests.Details(ticket));
            await Archive.SaveAsync(TicketArchiveStoreTests.Details(ticket) with { Audit = [] });
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Archive.DisposeAsync();
        await StopAsync();
    }

    protected abstract Task<TestTicketArchive> StartAsync();

    protected virtual Task StopAsync() => Task.CompletedTask;
}

public sealed class SqliteTicketArchiveFixture : TicketArchiveFixture
{
    protected override Task<TestTicketArchive> StartAsync() => TestTicketArchive.StartSqliteAsync();
}

/// <summary>PostgreSQL as cluster mode runs it: the store migrated by a role that owns its database and is no superuser.</summary>
public sealed class PostgresTicketArchiveFixture : TicketArchiveFixture
{
    private PostgresServer? _postgres;

    protected override async Task<TestTicketArchive> StartAsync()
    {
        _postgres = await PostgresServer.StartWithOwnerRoleAsync();
        return await TestTicketArchive.StartPostgresAsync(await _postgres.CreateDatabaseAsync("ticket_archive"));
    }

    protected override async Task StopAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}

public sealed class TicketArchiveSqliteTests(SqliteTicketArchiveFixture fixture) : TicketArchiveStoreTests(fixture), IClassFixture<SqliteTicketArchiveFixture>;

public sealed class TicketArchivePostgresTests(PostgresTicketArchiveFixture fixture) : TicketArchiveStoreTests(fixture), IClassFixture<PostgresTicketArchiveFixture>;
