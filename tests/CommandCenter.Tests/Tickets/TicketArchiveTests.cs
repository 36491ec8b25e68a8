using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using CommandCenter.Grains;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.Scheduling;
using CommandCenter.Grains.Storage;
using CommandCenter.Grains.Tickets;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace CommandCenter.Tests.Tickets;

/// <summary>
/// Finished work orders go to the archive and, after <see cref="TicketOptions.ClosedKeptInIndex"/>, leave the index,
/// while every list, filter, page, KPI and detail answers exactly as before (on the fixture's fake clock).
/// </summary>
[Collection(TicketClusterCollection.Name)]
public sealed class TicketArchiveTests(TicketClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task ClosedTicketsPastTheWindow_LeaveTheIndex_WhileListsFiltersPagesKpisAndDetailsAnswerAsBefore()
    {
        var start = fixture.MoveToNextMonday(9);
        var tickets = await TicketSet.CreateAsync(Grains, fixture.Time, fixture.Sweeper, start);
        var now = fixture.Time.GetUtcNow();
        await fixture.Sweeper.SweepOnceAsync();
        foreach (var id in tickets.Finished)
        {
            (await fixture.Archive.FindAsync(id, TestContext.Current.CancellationToken)).ShouldNotBeNull(id);
        }

        var before = await tickets.AnswersAsync(now);
        (await tickets.HeldByIndex()).ShouldBe(tickets.All);

        // Past the window, archived tickets are the archive's to answer for even before they leave the index.
        fixture.Time.SetUtcNow(now + Window + TimeSpan.FromDays(1));
        (await tickets.AnswersAsync(now)).ShouldBe(before);

        await fixture.Sweeper.SweepOnceAsync();

        (await tickets.HeldByIndex()).ShouldBe([tickets.Open]);
        (await tickets.AnswersAsync(now)).ShouldBe(before);
        var evicted = Grains.GetGrain<ITicketGrain>(tickets.Finished[0]);
        (await evicted.ActAsync(TicketAction.SendBack, new TicketCommand("核查员 赵", "again"))
            .ShouldThrowAsync<TicketTransitionException>()).Status.ShouldBe(TicketStatus.Closed);
        (await evicted.ReportAsync(TicketSet.Report(TicketCategoryCodes.RoadCleaning, "G1"))
            .ShouldThrowAsync<TicketValidationException>()).Status.ShouldBe(TicketStatus.Closed);
    }

    [Fact]
    public async Task Kpis_OfAFinishedTicket_NoLongerDependOnTheTime()
    {
        var start = fixture.MoveToNextMonday(9);
        var tickets = await TicketSet.CreateAsync(Grains, fixture.Time, fixture.Sweeper, start);

        foreach (var id in tickets.Finished)
        {
            var ticket = (await Grains.GetGrain<ITicketGrain>(id).GetAsync())!.Ticket;
            TicketKpis.Of(ticket, start).ShouldBe(TicketKpis.Of(ticket, start.AddYears(3)), id);
        }
    }

    [Fact]
    public async Task ArchiveUnavailable_TheCloseStepSucceeds_AndTheTicketIsArchivedWhenTheStoreIsBack()
    {
        var start = fixture.MoveToNextMonday(9);
        fixture.Archive.Unavailable = true;
        string id;
        try
        {
            var ticket = Grains.GetGrain<ITicketGrain>(await Grains.GetGrain<ITicketDeskGrain>(GrainKeys.TicketDesk).ReportAsync(TicketSet.Report(TicketCategoryCodes.RoadCleaning, "G1")));
            id = ticket.GetPrimaryKeyString();
            foreach (var action in TicketSet.ToClosed)
            {
                await ticket.ActAsync(action, TicketSet.Command(action, TicketSet.GridG1));
            }

            (await ticket.GetAsync())!.Ticket.Status.ShouldBe(TicketStatus.Closed);
            await fixture.MoveToAndSweepAsync(start + Window + TimeSpan.FromDays(1));

            // Not archived, so it stays in the index however old it is.
            (await HeldAsync(id)).ShouldBeTrue();
        }
        finally
        {
            fixture.Archive.Unavailable = false;
        }

        // Past any retry delay of the sweeper.
        await fixture.MoveToAndSweepAsync(fixture.Time.GetUtcNow().AddDays(1));

        (await fixture.Archive.FindAsync(id, TestContext.Current.CancellationToken)).ShouldNotBeNull();
        (await HeldAsync(id)).ShouldBeFalse();
        (await TicketIndex.QueryAsync(Grains, new TicketQuery { Ids = [id] }, fixture.Time.GetUtcNow())).Items.ShouldHaveSingleItem().Status.ShouldBe(TicketStatus.Closed);
        var details = (await Grains.GetGrain<ITicketGrain>(id).GetAsync())!;
        details.Audit.Select(entry => entry.Action).ShouldBe([TicketRules.ReportAction, .. TicketSet.ToClosed.Select(action => action.ToString())]);
        details.AllowedActions.ShouldBeEmpty();
    }

    private Task<bool> HeldAsync(string id) => TicketSet.HeldAsync(Grains, id);

    internal static TimeSpan Window { get; } = new TicketOptions().ClosedKeptInIndex;
}

/// <summary>
/// A silo restart after eviction: grain state in SQLite as the product keeps it, the archive on SQLite, and the
/// answers of the second silo the same as those of the first before eviction.
/// </summary>
public sealed class TicketArchiveRestartTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cc-ticket-restart-").FullName;
    private readonly ManualClock _time = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TicketClusterFixture.Beijing));
    private TestTicketArchive _archive = default!;

    public async ValueTask InitializeAsync() => _archive = await TestTicketArchive.StartSqliteAsync();

    public async ValueTask DisposeAsync()
    {
        await _archive.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task AfterEvictionAndARestart_ListsKpisAndDetailsAnswerAsBefore()
    {
        TicketSet tickets;
        DateTimeOffset now;
        IReadOnlyList<string> before;
        await using (var first = await StartAsync())
        {
            var sweeper = first.Silos[0].ServiceProvider.GetRequiredService<DeadlineSweeper>();
            tickets = await TicketSet.CreateAsync(first.Client, _time, sweeper, _time.GetUtcNow());
            now = _time.GetUtcNow();
            await sweeper.SweepOnceAsync();
            before = await tickets.AnswersAsync(now);
            _time.SetUtcNow(now + TicketArchiveTests.Window + TimeSpan.FromDays(1));
            await sweeper.SweepOnceAsync();
            (await tickets.HeldByIndex()).ShouldBe([tickets.Open]);
        }

        await using var second = await StartAsync();
        tickets = tickets.On(second.Client);

        (await tickets.AnswersAsync(now)).ShouldBe(before);
        (await tickets.HeldByIndex()).ShouldBe([tickets.Open]);
    }

    private async Task<Orleans.TestingHost.InProcessTestCluster> StartAsync()
    {
        var cluster = TicketClusterFixture.Build(
            new CityClock(_time), _archive, silo => silo.AddSqliteGrainStorage(StorageNames.Grains, o => o.DatabasePath = Path.Combine(_folder, "grains.db")));
        await cluster.DeployAsync();
        return cluster;
    }
}

/// <summary>
/// Five work orders of the test city reported at one instant and handled to the end or not: closed in G1, closed by
/// a department after rework for G3, cancelled in G2, closed late (yellow card) in G2, and one left filed in G1 (open,
/// with no supervision running, so it reads the same however far the clock moves).
/// <see cref="AnswersAsync"/> is everything lists, KPIs and details say about them, as text to compare.
/// </summary>
internal sealed record TicketSet(IGrainFactory Grains, IReadOnlyList<string> Finished, string Open, DateTimeOffset ReportedAt)
{
    public static readonly TicketAction[] ToClosed =
        [TicketAction.File, TicketAction.Dispatch, TicketAction.Start, TicketAction.Feedback, TicketAction.Verify, TicketAction.Close];

    public static readonly TicketArea GridG1 = new(TicketAreaLevel.Grid, "G1");

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    public IReadOnlyList<string> All => [.. Finished, Open];

    public static async Task<TicketSet> CreateAsync(IGrainFactory grains, ManualClock time, DeadlineSweeper sweeper, DateTimeOffset start)
    {
        time.SetUtcNow(start);
        var desk = grains.GetGrain<ITicketDeskGrain>(GrainKeys.TicketDesk);
        async Task<ITicketGrain> ReportAsync(string category, string grid) => grains.GetGrain<ITicketGrain>(await desk.ReportAsync(Report(category, grid)));

        var closedInG1 = await ReportAsync(TicketCategoryCodes.RoadCleaning, "G1");
        var reworkedByCg = await ReportAsync(TicketCategoryCodes.ExposedGarbage, "G3");
        var cancelledInG2 = await ReportAsync(TicketCategoryCodes.RoadCleaning, "G2");
        var lateInG2 = await ReportAsync(TicketCategoryCodes.RoadCleaning, "G2");
        var openInG1 = await ReportAsync(TicketCategoryCodes.RoadCleaning, "G1");

        time.SetUtcNow(start.AddMinutes(10));
        await ActAsync(closedInG1, ToClosed, GridG1);
        var department = new TicketArea(TicketAreaLevel.Department, "cg");
        await ActAsync(reworkedByCg, [.. ToClosed[..^2], TicketAction.SendBack, TicketAction.Start, TicketAction.Feedback, TicketAction.Verify, TicketAction.Close], department);
        await ActAsync(cancelledInG2, [TicketAction.Cancel], GridG1);
        await ActAsync(lateInG2, ToClosed[..2], new TicketArea(TicketAreaLevel.Grid, "G2"));
        await ActAsync(openInG1, ToClosed[..1], GridG1);

        // Past the 2-working-hour limit: a yellow card, then closed late.
        time.SetUtcNow(start.AddHours(3));
        await sweeper.SweepOnceAsync();
        await ActAsync(lateInG2, ToClosed[2..], GridG1);
        (await lateInG2.GetAsync())!.Ticket.Level.ShouldBe(SupervisionLevel.Yellow);

        return new TicketSet(grains, [.. new[] { closedInG1, reworkedByCg, cancelledInG2, lateInG2 }.Select(t => t.GetPrimaryKeyString())], openInG1.GetPrimaryKeyString(), start);
    }

    public static TicketReport Report(string category, string grid) =>
        new(TicketSource.GridWorker, category, "路面油污 oil on the road", new TicketLocation(GridId: grid), "网格员 李娜");

    public static TicketCommand Command(TicketAction action, TicketArea target) => action switch
    {
        TicketAction.Dispatch => new TicketCommand("指挥中心 王", "派遣", target, "保洁组"),
        TicketAction.Cancel or TicketAction.SendBack => new TicketCommand("指挥中心 王", "理由 reason"),
        _ => new TicketCommand("指挥中心 王"),
    };

    /// <summary>Whether the ticket's index shard holds it (asked to answer for everything it has).</summary>
    public static async Task<bool> HeldAsync(IGrainFactory grains, string id) =>
        (await TicketIndex.ShardOf(grains, grains.GetGrain<ITicketGrain>(id).GetGrainId())
            .QueryAsync(new TicketQuery { Ids = [id] }, DateTimeOffset.MinValue, DateTimeOffset.MinValue)).Page.Total == 1;

    public TicketSet On(IGrainFactory grains) => this with { Grains = grains };

    public async Task<IReadOnlyList<string>> HeldByIndex()
    {
        var held = new List<string>();
        foreach (var id in All)
        {
            if (await HeldAsync(Grains, id))
            {
                held.Add(id);
            }
        }

        return held;
    }

    /// <summary>Each query's total, page and KPIs, then each ticket's details, as JSON; queries are limited to this set's report instant.</summary>
    public async Task<IReadOnlyList<string>> AnswersAsync(DateTimeOffset now)
    {
        var answers = new List<string>();
        foreach (var query in Queries())
        {
            var page = await TicketIndex.QueryAsync(Grains, query, now);
            var kpis = await TicketIndex.KpisAsync(Grains, query, now);
            answers.Add(JsonSerializer.Serialize(new { query, page, kpis }, Json));
        }

        // Every area in one grouped call answers as one query per area, in the index and the archive alike.
        ImmutableArray<string> areas = ["grid/G1", "grid/G3", "community/C1", "district/D2", "department/cg", "city"];
        var byArea = await TicketIndex.KpisByAreaAsync(Grains, Mine, areas, now);
        foreach (var area in areas)
        {
            byArea[area].ShouldBe(await TicketIndex.KpisAsync(Grains, Mine with { Area = area }, now), area);
        }

        answers.Add(JsonSerializer.Serialize(byArea.OrderBy(pair => pair.Key, StringComparer.Ordinal), Json));

        foreach (var id in All)
        {
            answers.Add(JsonSerializer.Serialize(await Grains.GetGrain<ITicketGrain>(id).GetAsync(), Json));
        }

        return answers;
    }

    private TicketQuery Mine => new() { ReportedFrom = ReportedAt, ReportedTo = ReportedAt.AddTicks(1) };

    private IEnumerable<TicketQuery> Queries()
    {
        var mine = Mine;
        return
        [
            mine,
            mine with { Area = "grid/G1" },
            mine with { Area = "grid/G3" },
            mine with { Area = "community/C1" },
            mine with { Area = "district/D2" },
            mine with { Area = "department/cg" },
            mine with { Area = "city" },
            mine with { Category = TicketCategoryCodes.ExposedGarbage },
            mine with { Category = TicketCategoryCodes.RoadCleaning.ToUpperInvariant() },
            mine with { Statuses = [TicketStatus.Closed] },
            mine with { Statuses = [TicketStatus.Cancelled, TicketStatus.Filed] },
            mine with { Source = TicketSource.GridWorker },
            mine with { Source = TicketSource.Open311 },
            mine with { Level = SupervisionLevel.Yellow },
            mine with { Overdue = true },
            mine with { Overdue = false },
            mine with { Ids = [Finished[0].ToLowerInvariant(), Open] },
            mine with { ReportedTo = ReportedAt },
            mine with { ReportedFrom = ReportedAt.AddTicks(1) },
            mine with { Take = 2 },
            mine with { Skip = 1, Take = 2 },
            mine with { Skip = 3, Take = 2 },
            mine with { Skip = 4, Take = 50 },
        ];
    }

    private static async Task ActAsync(ITicketGrain ticket, IEnumerable<TicketAction> actions, TicketArea target)
    {
        foreach (var action in actions)
        {
            await ticket.ActAsync(action, Command(action, target));
        }
    }
}
