using System.Collections.Immutable;
using CommandCenter.Assessment.GridWorkerPoints;
using CommandCenter.Assessment.GridWorkerPoints.Store;
using CommandCenter.Assessment;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Grains.Duties;
using CommandCenter.Grains.Tickets;
using CommandCenter.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Shouldly;

namespace CommandCenter.Tests.Assessment;

/// <summary>
/// Grid workers' points over a simulated November 2026 in Yinchuan: cases reported, filed, cancelled, verified and closed
/// by the real work-order rules at known instants, awarded by the configured rules into a real SQLite store, summed and
/// ranked per month in the city's time zone. The expectations are worked out by hand in each test.
/// </summary>
public sealed class GridWorkerPointsTests : IDisposable
{
    private const string Operator = "operator";

    /// <summary>A community of the demo city with two grids, and a grid of the other district.</summary>
    private static readonly (string Grid1, string Grid2, string Elsewhere) Grids = FindGrids();

    private static readonly string WorkerA = $"gridworker-{Grids.Grid1}";
    private static readonly string WorkerB = $"gridworker-{Grids.Grid2}";
    private static readonly string WorkerC = $"gridworker-{Grids.Elsewhere}";

    /// <summary>Monday 2 November 2026, 09:00 in Yinchuan (UTC+8).</summary>
    private static readonly DateTimeOffset November2 = new(2026, 11, 2, 1, 0, 0, TimeSpan.Zero);

    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static readonly AssessmentWindow November = AssessmentWindow.Month(2026, 11, Zone);

    private readonly string _folder = TestCity.CreateDataFolder();
    private readonly CityDirectory _city = new(TestCity.Demo);
    private readonly TicketRules _rules;
    private int _tickets;

    public GridWorkerPointsTests()
    {
        var options = new TicketOptions();
        TicketDefaults.Apply(options);
        _rules = new TicketRules(new TicketCatalog(Options.Create(options)), _city);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        SqliteConnectionPoolClear();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task ForMonth_KnownCases_SumsAndRanksAsWorkedOutByHand()
    {
        using var services = Services();
        await FinishAllAsync(services, November2Cases());

        var month = await services.GetRequiredService<GridWorkerScores>().ForMonthAsync(November, AreaKeys.City, Ct);

        // B: filed 2 + closed 3 + verified on time 2 = 7. A: 7 for their own case, −1 for the cancelled one = 6.
        // C: filed 2 + closed 3 (an operator verified: nobody earns it) = 5; C's second case closed at 00:30 on 1 December
        // in Yinchuan (16:30 UTC on 30 November) counts in December.
        month.Workers.Select(w => (w.Worker, w.Points)).ShouldBe([(WorkerB, 7), (WorkerA, 6), (WorkerC, 5)]);
        var a = month.Workers.Single(w => w.Worker == WorkerA);
        (a.RankInCommunity, a.RankInStreet, a.RankInDistrict, a.Awards).ShouldBe((2, 2, 2, 4));
        var c = month.Workers.Single(w => w.Worker == WorkerC);
        (c.RankInCommunity, c.RankInStreet, c.RankInDistrict).ShouldBe((1, 1, 1));

        var december = await services.GetRequiredService<GridWorkerScores>().ForMonthAsync(November.NextMonth(Zone), AreaKeys.City, Ct);
        december.Workers.Select(w => (w.Worker, w.Points)).ShouldBe([(WorkerC, 5)]);
    }

    [Fact]
    public async Task ForMonth_RulesChangedInConfiguration_ChangeTheResult()
    {
        using var services = Services(new() { [PointRuleIds.ReportClosed] = 10, [PointRuleIds.VerifiedOnTime] = 0 });
        await FinishAllAsync(services, November2Cases());

        var month = await services.GetRequiredService<GridWorkerScores>().ForMonthAsync(November, AreaKeys.City, Ct);

        // Closing is worth 10 and verifying nothing: B 2 + 10 = 12, A 2 + 10 − 1 = 11, C 2 + 10 = 12.
        month.Workers.Select(w => (w.Worker, w.Points)).ShouldBe([(WorkerB, 12), (WorkerC, 12), (WorkerA, 11)]);
        (await AwardsAsync(services)).ShouldNotContain(award => award.Rule == PointRuleIds.VerifiedOnTime);
    }

    [Fact]
    public async Task Awards_EveryOne_NamesItsRuleCaseStepAndReason()
    {
        using var services = Services();
        var cases = November2Cases();
        await FinishAllAsync(services, cases);

        var awards = await AwardsAsync(services);

        awards.Count.ShouldBe(4 + 3 + 2 + 2);
        awards.ShouldAllBe(award => award.Reason.Length > 0 && award.Rule.Length > 0 && award.StepAt <= award.AwardedAt);
        awards.Select(a => a.TicketId).Distinct().Order().ShouldBe(cases.Select(c => c.Ticket.Id).Order());
        var rejected = awards.Single(a => a.Rule == PointRuleIds.ReportRejected);
        (rejected.Worker, rejected.Points, rejected.GridId).ShouldBe((WorkerA, -1, Grids.Grid1));
        rejected.Reason.ShouldContain("duplicate of an earlier report");
    }

    [Fact]
    public async Task FinishedAsync_ToldTwice_AwardsOnce()
    {
        using var services = Services();
        var closed = Case(WorkerA, Grids.Grid1, November2, verifier: WorkerA);

        await FinishAllAsync(services, [closed, closed]);

        (await AwardsAsync(services)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task VerifiedOnTime_VerifiedAfterTheClosureDeadline_EarnsNothing()
    {
        using var services = Services();
        var late = Case(WorkerA, Grids.Grid1, November2, verifier: WorkerA, verifyLate: true);

        await FinishAllAsync(services, [late]);

        (await AwardsAsync(services)).Select(a => a.Rule).Order().ShouldBe([PointRuleIds.ReportAccepted, PointRuleIds.ReportClosed]);
    }

    [Fact]
    public async Task ClosedSatisfied_EvaluatedSatisfiedAfterTheMonthEnded_CountsInTheEvaluationsMonthAndNamesItsCase()
    {
        using var services = Services();
        // Closed at 23:30 on 30 November in Yinchuan; the resident says satisfied on the phone on 2 December.
        var closed = Case(WorkerA, Grids.Grid1, November2, verifier: WorkerA, closedAt: new DateTimeOffset(2026, 11, 30, 15, 30, 0, TimeSpan.Zero));
        await FinishAllAsync(services, [closed]);
        var evaluatedAt = new DateTimeOffset(2026, 12, 2, 2, 0, 0, TimeSpan.Zero);

        await services.GetRequiredService<PointAwarder>().EvaluatedAsync(Evaluated(closed, TicketSatisfaction.Satisfied, evaluatedAt));

        // November stays settled: filed 2 + closed 3 + verified 2; December gets the satisfied evaluation's 2.
        var scores = services.GetRequiredService<GridWorkerScores>();
        (await scores.ForMonthAsync(November, AreaKeys.City, Ct)).Workers.Select(w => (w.Worker, w.Points)).ShouldBe([(WorkerA, 7)]);
        (await scores.ForMonthAsync(November.NextMonth(Zone), AreaKeys.City, Ct)).Workers.Select(w => (w.Worker, w.Points)).ShouldBe([(WorkerA, 2)]);
        var award = (await AwardsAsync(services)).Single(a => a.Rule == PointRuleIds.ClosedSatisfied);
        (award.TicketId, award.Worker, award.Points, award.StepAt, award.AwardedAt)
            .ShouldBe((closed.Ticket.Id, WorkerA, 2, evaluatedAt.UtcDateTime, evaluatedAt.UtcDateTime));
        award.Reason.ShouldContain("Satisfied by 回访员 (Phone)");
    }

    [Fact]
    public async Task ClosedSatisfied_UnsatisfiedAndReworkedThenBasicallySatisfied_AwardsOnceWhenTheLastClosureIsEvaluated()
    {
        using var services = Services();
        var awarder = services.GetRequiredService<PointAwarder>();
        var first = Case(WorkerB, Grids.Grid2, November2, verifier: WorkerB);
        await FinishAllAsync(services, [first]);
        var firstClosedAt = first.Ticket.ClosedAt!.Value;

        // Unsatisfied, reworked: the case is open again and earns nothing for the evaluation.
        var reopened = Evaluated(first, TicketSatisfaction.Unsatisfied, firstClosedAt.AddHours(2), rework: true);
        await awarder.EvaluatedAsync(reopened);
        reopened.Ticket.Status.ShouldBe(TicketStatus.Dispatched);
        (await AwardsAsync(services)).ShouldNotContain(a => a.Rule == PointRuleIds.ClosedSatisfied);

        // Done again and closed on 5 November, then basically satisfied on 6 November.
        var (ticket, audit) = (reopened.Ticket, reopened.Audit.ToList());
        var redoneAt = firstClosedAt.AddDays(3);
        Step(ref ticket, audit, TicketAction.Start, $"community-{Grids.Grid2}", redoneAt);
        Step(ref ticket, audit, TicketAction.Feedback, $"community-{Grids.Grid2}", redoneAt.AddHours(1));
        Step(ref ticket, audit, TicketAction.Verify, WorkerB, redoneAt.AddHours(2));
        Step(ref ticket, audit, TicketAction.Close, Operator, redoneAt.AddHours(3));
        var closedAgain = new TicketDetails(ticket, [.. audit], []);
        await awarder.FinishedAsync(closedAgain);
        await awarder.EvaluatedAsync(Evaluated(closedAgain, TicketSatisfaction.BasicallySatisfied, redoneAt.AddDays(1)));

        var awards = await AwardsAsync(services);
        awards.Where(a => a.Rule == PointRuleIds.ClosedSatisfied).Select(a => a.StepAt).ShouldBe([redoneAt.AddDays(1).UtcDateTime]);
        // The first closure's awards stand, once each: filed 2 + closed 3 + verified 2 + satisfied 2.
        awards.Sum(a => a.Points).ShouldBe(9);
    }

    [Fact]
    public async Task ClosedSatisfied_Unsatisfied_EarnsNothing()
    {
        using var services = Services();
        var closed = Case(WorkerA, Grids.Grid1, November2, verifier: WorkerA);
        await FinishAllAsync(services, [closed]);

        await services.GetRequiredService<PointAwarder>().EvaluatedAsync(Evaluated(closed, TicketSatisfaction.Unsatisfied, closed.Ticket.ClosedAt!.Value.AddDays(1)));

        (await AwardsAsync(services)).ShouldNotContain(a => a.Rule == PointRuleIds.ClosedSatisfied);
    }

    [Fact]
    public async Task ForMonth_AnArea_ListsItsWorkersOnlyWithTheirRanksInTheWholeCommunity()
    {
        using var services = Services();
        await FinishAllAsync(services, November2Cases());

        var grid = await services.GetRequiredService<GridWorkerScores>().ForMonthAsync(November, AreaKeys.Grid(Grids.Grid1), Ct);

        grid.Workers.Select(w => (w.Worker, w.RankInCommunity)).ShouldBe([(WorkerA, 2)]);
        var district = _city.FindGrid(Grids.Elsewhere)!.District.Id;
        (await services.GetRequiredService<GridWorkerScores>().ForMonthAsync(November, AreaKeys.District(district), Ct))
            .Workers.Select(w => w.Worker).ShouldBe([WorkerC]);
    }

    [Fact]
    public void Validator_UnknownRuleOrPointsOutOfRange_NamesEveryProblem()
    {
        var validator = new GridWorkerPointsOptionsValidator([new ReportAcceptedRule(), new ReportClosedRule()]);

        var result = validator.Validate(null, new GridWorkerPointsOptions { Points = new() { ["patrol"] = 1, [PointRuleIds.ReportClosed] = 500 } });

        result.Failed.ShouldBeTrue();
        result.Failures!.Count().ShouldBe(2);
        result.FailureMessage.ShouldContain("GridWorkerPoints:Points:patrol names no rule");
        result.FailureMessage.ShouldContain("GridWorkerPoints:Points:report-closed is 500");
    }

    [Theory]
    [InlineData("2026-11", true)]
    [InlineData("2026-13", false)]
    [InlineData("2026-1", false)]
    [InlineData("november", false)]
    public void TryParse_Month_AcceptsOnlyYearDashMonth(string text, bool accepted) =>
        AssessmentWindow.TryParseMonth(text, Zone, out _).ShouldBe(accepted);

    [Fact]
    public void Month_November_RunsFromLocalMidnightToLocalMidnight()
    {
        (November.From, November.To).ShouldBe((new DateTimeOffset(2026, 10, 31, 16, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 30, 16, 0, 0, TimeSpan.Zero)));
    }

    /// <summary>
    /// A's case closed with A's own verification; A's second report cancelled as a duplicate; B's case verified by B;
    /// C's case verified by an operator, closed at 23:30 on 30 November in Yinchuan; C's next one closed an hour later, in December.
    /// </summary>
    private List<TicketDetails> November2Cases() =>
    [
        Case(WorkerA, Grids.Grid1, November2, verifier: WorkerA),
        Cancelled(WorkerA, Grids.Grid1, November2.AddDays(1), "duplicate of an earlier report"),
        Case(WorkerB, Grids.Grid2, November2.AddDays(2), verifier: WorkerB),
        Case(WorkerC, Grids.Elsewhere, November2, verifier: Operator, closedAt: new DateTimeOffset(2026, 11, 30, 15, 30, 0, TimeSpan.Zero)),
        Case(WorkerC, Grids.Elsewhere, November2, verifier: Operator, closedAt: new DateTimeOffset(2026, 11, 30, 16, 30, 0, TimeSpan.Zero)),
    ];

    /// <summary>Reported, filed and dispatched to the grid within the hour, started, fed back, verified and closed (by default an hour after verifying).</summary>
    private TicketDetails Case(string reporter, string grid, DateTimeOffset at, string verifier, DateTimeOffset? closedAt = null, bool verifyLate = false)
    {
        var (ticket, audit) = Reported(reporter, grid, at);
        Step(ref ticket, audit, TicketAction.File, Operator, at.AddMinutes(10));
        Step(ref ticket, audit, TicketAction.Dispatch, Operator, at.AddMinutes(20), new TicketArea(TicketAreaLevel.Grid, grid));
        Step(ref ticket, audit, TicketAction.Start, $"community-{grid}", at.AddHours(1));
        Step(ref ticket, audit, TicketAction.Feedback, $"community-{grid}", at.AddHours(2));
        var verifiedAt = verifyLate ? ticket.ClosureDueAt!.Value.AddHours(1) : at.AddHours(3);
        Step(ref ticket, audit, TicketAction.Verify, verifier, verifiedAt);
        Step(ref ticket, audit, TicketAction.Close, Operator, closedAt ?? verifiedAt.AddHours(1));
        return new TicketDetails(ticket, [.. audit], []);
    }

    /// <summary>The case evaluated by a phone call-back (回访), reworked when asked, by the real rules.</summary>
    private TicketDetails Evaluated(TicketDetails closed, TicketSatisfaction satisfaction, DateTimeOffset at, bool rework = false)
    {
        var change = _rules.Evaluate(closed.Ticket, new TicketEvaluationCommand("回访员", satisfaction, null, TicketEvaluationChannel.Phone, rework), at);
        return new TicketDetails(change.Ticket, [.. closed.Audit, .. change.Entries], []);
    }

    private TicketDetails Cancelled(string reporter, string grid, DateTimeOffset at, string why)
    {
        var (ticket, audit) = Reported(reporter, grid, at);
        Step(ref ticket, audit, TicketAction.Cancel, Operator, at.AddMinutes(30), comment: why);
        return new TicketDetails(ticket, [.. audit], []);
    }

    private (TicketSummary Ticket, List<TicketAuditEntry> Audit) Reported(string reporter, string grid, DateTimeOffset at)
    {
        var id = $"WO-20261102-{++_tickets:D6}";
        var change = _rules.Report(id, new TicketReport(TicketSource.GridWorker, "exposed-garbage", "垃圾堆放", new TicketLocation(GridId: grid), reporter), at);
        return (change.Ticket, [.. change.Entries]);
    }

    private void Step(ref TicketSummary ticket, List<TicketAuditEntry> audit, TicketAction action, string actor, DateTimeOffset at, TicketArea? target = null, string? comment = null)
    {
        var change = _rules.Act(ticket, action, new TicketCommand(actor, comment, target), at);
        ticket = change.Ticket;
        audit.AddRange(change.Entries);
    }

    private static async Task FinishAllAsync(ServiceProvider services, IEnumerable<TicketDetails> cases)
    {
        var awarder = services.GetRequiredService<PointAwarder>();
        foreach (var details in cases)
        {
            await awarder.FinishedAsync(details);
        }
    }

    private static async Task<List<PointAward>> AwardsAsync(ServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PointsStore>().Awards.AsNoTracking().ToListAsync(Ct);
    }

    private ServiceProvider Services(Dictionary<string, int>? points = null)
    {
        var services = new ServiceCollection();
        services.AddDbContext<PointsStore, SqlitePointsStore>(options => options.UseSqlite($"Data Source={Path.Combine(_folder, "points.db")}"));
        foreach (var rule in new IPointRule[] { new ReportAcceptedRule(), new ReportRejectedRule(), new ReportClosedRule(), new VerifiedOnTimeRule(), new ClosedSatisfiedRule() })
        {
            services.AddSingleton(rule);
        }

        services.Configure<GridWorkerPointsOptions>(options => options.Points = points ?? []);
        services.Configure<DutyOptions>(_ => { });
        services.AddSingleton(_city);
        services.AddSingleton<IGridWorkerRoster>(new Roster());
        services.AddSingleton<GridWorkerScores>();
        services.AddSingleton<PointAwarder>();
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();
        scope.ServiceProvider.GetRequiredService<PointsStore>().Database.Migrate();
        return provider;
    }

    private static void SqliteConnectionPoolClear() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

    private static (string, string, string) FindGrids()
    {
        var districts = TestCity.Demo.Districts;
        var community = districts[0].Streets.SelectMany(s => s.Communities).First(c => c.Grids.Count >= 2);
        var elsewhere = districts[1].Streets[0].Communities[0].Grids[0];
        return (community.Grids[0].Id, community.Grids[1].Id, elsewhere.Id);
    }

    /// <summary>The three grid workers in their grids; the operator is no grid worker.</summary>
    private sealed class Roster : IGridWorkerRoster
    {
        public Task<IReadOnlyDictionary<string, string>> HomeGridsAsync(IReadOnlyCollection<string> userNames, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, string>>(
                new Dictionary<string, string> { [WorkerA] = Grids.Grid1, [WorkerB] = Grids.Grid2, [WorkerC] = Grids.Elsewhere }
                    .Where(pair => userNames.Contains(pair.Key)).ToDictionary());
    }
}
