using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Geography.Areas;
using CommandCenter.Simulators.People;
using CommandCenter.Testing;
using Shouldly;

namespace CommandCenter.Tests.Simulators;

/// <summary>
/// The demo's simulated people (<c>run --people</c>) against a real command center: the grid worker reports a case with a
/// photo inside their grid, the operator sends it to the wrong department first, that department returns it, the right
/// unit accepts and feeds back with a photo, the grid worker verifies, the operator closes and the reporter evaluates.
/// </summary>
public sealed class PeopleSimulationTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private static readonly (TimeSpan, TimeSpan) Moment = (TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300));

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task People_AgainstTheCommandCenter_AGridWorkersCaseIsReturnedRedispatchedHandledVerifiedClosedAndEvaluated()
    {
        await using var city = await DemoCityHost.StartAsync();
        var host = city.Host;
        var settings = new PeopleSettings(
            CasesPerHour: 1800, ReturnShare: 1, LateShare: 0, UnsatisfiedShare: 0, BasicallySatisfiedShare: 0, PollEvery: TimeSpan.FromMilliseconds(200),
            new PeopleTimings(Moment, Moment, Moment, Moment, Moment, Moment, Moment, Moment, Moment), Seed: 3);

        await using var people = await PeopleSimulation.StartAsync(
            new Uri(host.BaseUrl), Path.Combine(city.DataFolder, ConsoleSignIn.DemoUsersFile), TestCity.Demo, TestCity.DemoWithAreas.Areas,
            settings, TimeProvider.System, TextWriter.Null, Cancel);
        var evaluated = await Eventually.ValueAsync(
            async () => (await host.Http.GetFromJsonAsync<JsonElement>("/api/tickets?source=GridWorker&status=Closed", Cancel)).GetProperty("items").EnumerateArray()
                .Where(ticket => ticket.GetProperty("evaluations").GetArrayLength() > 0)
                .Select(ticket => ticket.GetRawText())
                .FirstOrDefault(),
            Deadline,
            "a grid worker's case closed and evaluated by the simulated people");
        var ticket = JsonDocument.Parse(evaluated).RootElement;

        var gridWorker = ticket.GetProperty("reporter").GetString()!;
        gridWorker.ShouldStartWith("gridworker-");
        var grid = gridWorker["gridworker-".Length..];
        var location = ticket.GetProperty("location");
        new CityLocator(TestCity.DemoWithAreas.Areas).GridAt(location.GetProperty("latitude").GetDouble(), location.GetProperty("longitude").GetDouble()).ShouldBe(grid);
        location.GetProperty("gridId").GetString().ShouldBe(grid);
        ticket.GetProperty("photoRecords").EnumerateArray().Select(photo => (photo.GetProperty("step").GetString(), photo.GetProperty("actor").GetString()))
            .ShouldBe([("Report", gridWorker), ("Feedback", UnitUser(ticket.GetProperty("target"))), ("Verification", gridWorker)]);
        var returned = ticket.GetProperty("returns").EnumerateArray().Single();
        returned.GetProperty("unit").GetProperty("level").GetString().ShouldBe("Department");
        returned.GetProperty("unit").GetProperty("id").GetString().ShouldNotBe(ticket.GetProperty("target").GetProperty("id").GetString());
        returned.GetProperty("actor").GetString().ShouldBe($"department-{returned.GetProperty("unit").GetProperty("id").GetString()}");
        var evaluation = ticket.GetProperty("evaluations").EnumerateArray().Single();
        (evaluation.GetProperty("satisfaction").GetString(), evaluation.GetProperty("actor").GetString(), evaluation.GetProperty("channel").GetString())
            .ShouldBe(("Satisfied", gridWorker, "Reporter"));
        people.Reported.ShouldBeGreaterThanOrEqualTo(1);
        people.Taken(CaseMove.Return).ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public void ForDesk_AReportedCase_IsFiledAfterThePlannedDelayAndAFiledOneDispatchedFirstToAWrongDepartmentThenToItsOwn()
    {
        var plan = Plan() with { WrongDispatch = true, WrongPick = 0.99 };
        var routing = Routing();
        var reported = Case("Reported");

        CaseDecisions.ForDesk(reported, plan, routing).ShouldBe(new CaseStep(CaseMove.File, At + plan.FileAfter));
        var first = CaseDecisions.ForDesk(Case("Filed"), plan, routing)!;
        first.Move.ShouldBe(CaseMove.Dispatch);
        first.DueAt.ShouldBe(At + plan.DispatchAfter);
        first.Target.ShouldBe(new CaseUnit(CaseUnit.Department, "zj"));
        var afterReturn = Case("Filed") with { Returns = [new CaseReturn(first.Target!, "department-zj", At)] };
        CaseDecisions.ForDesk(afterReturn, plan, routing)!.Target.ShouldBe(new CaseUnit(CaseUnit.Department, "cg"));
        CaseDecisions.ForDesk(Case("Verified"), plan, routing).ShouldBe(new CaseStep(CaseMove.Close, At + plan.CloseAfter));
        CaseDecisions.ForDesk(Case("InProgress"), plan, routing).ShouldBeNull();
    }

    [Fact]
    public void ForDesk_ACategoryOfNoDepartment_GoesToTheStreetOfThePlaceWhenItsStaffArePlayed()
    {
        var other = Case("Filed") with { Category = "other-event" };

        CaseDecisions.ForDesk(other, Plan(), Routing())!.Target.ShouldBe(new CaseUnit(CaseUnit.Street, "640104001"));
        CaseDecisions.ForDesk(other with { Location = new CasePlace("g", "c", "640105001", "640105") }, Plan(), Routing())!.Target
            .ShouldBe(new CaseUnit(CaseUnit.Department, "cg"));
    }

    [Fact]
    public void ForUnit_TheWrongDepartmentReturnsTheRightOneAcceptsAndOthersLeaveIt()
    {
        var plan = Plan() with { WrongDispatch = true };
        var atZj = Case("Dispatched") with { Target = new CaseUnit(CaseUnit.Department, "zj") };
        var atCg = Case("Dispatched") with { Target = new CaseUnit(CaseUnit.Department, "cg") };

        CaseDecisions.ForUnit(atZj, plan, Routing(), "department/zj").ShouldBe(new CaseStep(CaseMove.Return, At + plan.ReturnAfter));
        CaseDecisions.ForUnit(atCg, plan, Routing(), "department/cg").ShouldBe(new CaseStep(CaseMove.Accept, At + plan.AcceptAfter));
        CaseDecisions.ForUnit(atCg, plan, Routing(), "department/zj").ShouldBeNull();
        // A reopened case (rework) is not returned again, whatever the plan of its new round says.
        CaseDecisions.ForUnit(atZj with { ReworkCount = 1 }, plan, Routing(), "department/zj")!.Move.ShouldBe(CaseMove.Accept);
    }

    [Fact]
    public void ForUnit_FeedbackOfALateUnitComesAfterTheDeadlineAndOfAnOnTimeOneBeforeItEvenWhenTheLimitIsShort()
    {
        var handling = Case("InProgress") with { Target = new CaseUnit(CaseUnit.Department, "cg"), DeadlineAt = At + TimeSpan.FromMinutes(10) };
        var plan = Plan() with { FeedbackAfter = TimeSpan.FromMinutes(30), LateBy = TimeSpan.FromMinutes(7) };

        CaseDecisions.ForUnit(handling, plan with { Late = true }, Routing(), "department/cg")!.DueAt.ShouldBe(At + TimeSpan.FromMinutes(30));
        CaseDecisions.ForUnit(handling, plan with { Late = true, FeedbackAfter = TimeSpan.FromMinutes(2) }, Routing(), "department/cg")!.DueAt
            .ShouldBe(At + TimeSpan.FromMinutes(17));
        CaseDecisions.ForUnit(handling, plan, Routing(), "department/cg")!.DueAt.ShouldBe(At + TimeSpan.FromMinutes(5));
        CaseDecisions.ForUnit(handling, plan with { FeedbackAfter = TimeSpan.FromMinutes(3) }, Routing(), "department/cg")!.DueAt.ShouldBe(At + TimeSpan.FromMinutes(3));
    }

    [Fact]
    public void ForGridWorker_VerifiesFedBackCasesOfTheirGridAndEvaluatesTheirOwnClosedCasesOncePerClosure()
    {
        var plan = Plan();
        var closedAt = At + TimeSpan.FromHours(1);
        var closed = Case("Closed") with { ClosedAt = closedAt };

        CaseDecisions.ForGridWorker(Case("Feedback"), plan, Worker, Grid).ShouldBe(new CaseStep(CaseMove.Verify, At + plan.VerifyAfter));
        CaseDecisions.ForGridWorker(Case("Feedback"), plan, Worker, "640104001001-02").ShouldBeNull();
        CaseDecisions.ForGridWorker(closed, plan, Worker, Grid).ShouldBe(new CaseStep(CaseMove.Evaluate, closedAt + plan.EvaluateAfter));
        CaseDecisions.ForGridWorker(closed, plan, "gridworker-other", Grid).ShouldBeNull();
        CaseDecisions.ForGridWorker(closed with { Evaluations = [new CaseEvaluation("Satisfied", closedAt + TimeSpan.FromMinutes(5))] }, plan, Worker, Grid).ShouldBeNull();
        // Closed again after rework: the earlier evaluation was of the earlier closure.
        CaseDecisions.ForGridWorker(closed with { Evaluations = [new CaseEvaluation("Unsatisfied", At)] }, plan, Worker, Grid)!.Move.ShouldBe(CaseMove.Evaluate);
    }

    [Fact]
    public void For_ManyCases_TheSharesComeOutAsSetAndTheSameCaseAndRoundAlwaysPlayAlike()
    {
        var settings = PeopleSettings.Demo(seed: 7) with { ReturnShare = 0.1, LateShare = 0.15, UnsatisfiedShare = 0.3 };
        var plans = Enumerable.Range(0, 2000).Select(i => CasePlan.For(settings, $"T-{i}", round: 0)).ToList();

        plans.Count(p => p.WrongDispatch).ShouldBeInRange(140, 260);
        plans.Count(p => p.Late).ShouldBeInRange(230, 370);
        plans.Count(p => p.Satisfaction == Satisfaction.Unsatisfied).ShouldBeInRange(520, 680);
        plans.Count(p => p.Satisfaction == Satisfaction.BasicallySatisfied).ShouldBeInRange(320, 480);
        plans.Where(p => p.Rework).ShouldAllBe(p => p.Satisfaction == Satisfaction.Unsatisfied);
        plans.Count(p => p.Rework).ShouldBeInRange(150, 250);
        plans.ShouldAllBe(p => p.AcceptAfter >= PeopleTimings.Demo.Accept.Min && p.AcceptAfter <= PeopleTimings.Demo.Accept.Max);
        CasePlan.For(settings, "T-1", 0).ShouldBe(CasePlan.For(settings, "T-1", 0));
        CasePlan.For(settings, "T-1", 1).ShouldNotBe(CasePlan.For(settings, "T-1", 0));
    }

    [Fact]
    public void Patrol_ReportsInsideTheGridWithAPhotoAtGapsAveragingTheRate()
    {
        var grid = TestCity.Demo.Districts[0].Streets[0].Communities[0].Grids[0];
        var outline = TestCity.DemoWithAreas.Areas.Single(area => area.Kind == AreaKind.Grid && area.Id == grid.Id);
        var patrol = new GridPatrol(5, Worker, casesPerHour: 6, [new CaseCategory("exposed-garbage", "暴露垃圾", "city appearance")], grid, outline);
        var locator = new CityLocator(TestCity.DemoWithAreas.Areas);

        var reports = Enumerable.Range(0, 20).Select(_ => patrol.Next()).ToList();
        var meanGap = TimeSpan.FromTicks((long)Enumerable.Range(0, 2000).Average(_ => patrol.NextGap().Ticks));

        reports.ShouldAllBe(report => locator.GridAt(report.Latitude, report.Longitude) == grid.Id);
        reports.Select(report => (report.Latitude, report.Longitude)).Distinct().Count().ShouldBeGreaterThan(15);
        reports.ShouldAllBe(report => report.Category == "exposed-garbage" && report.Description.Contains(grid.Name));
        reports[0].Photo.Take(3).ShouldBe(new byte[] { 0xFF, 0xD8, 0xFF });
        meanGap.ShouldBeInRange(TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(11));
        new GridPatrol(5, Worker, 0, [new CaseCategory("exposed-garbage", "暴露垃圾", "city appearance")], grid, outline).NextGap().ShouldBe(Timeout.InfiniteTimeSpan);
    }

    private const string Worker = "gridworker-640104001001-01";
    private const string Grid = "640104001001-01";

    private static readonly DateTimeOffset At = new(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(8));

    private static string UnitUser(JsonElement unit) => $"{unit.GetProperty("level").GetString()!.ToLowerInvariant()}-{unit.GetProperty("id").GetString()}";

    private static CasePlan Plan() => CasePlan.For(PeopleSettings.Demo(seed: 1) with { ReturnShare = 0, LateShare = 0 }, "T-1", 0);

    private static CaseRouting Routing() => new(
        [new CaseCategory("exposed-garbage", "暴露垃圾", "city appearance"), new CaseCategory("other-event", "其他事件", "other")],
        [new CaseUnit(CaseUnit.Department, "cg"), new CaseUnit(CaseUnit.Department, "zj"), new CaseUnit(CaseUnit.Street, "640104001")]);

    private static CaseView Case(string status) => new(
        "T-1", CaseView.GridWorkerSource, "exposed-garbage", Worker, status, At, DeadlineAt: null, ClosedAt: null, Target: null,
        new CasePlace(Grid, "640104001001", "640104001", "640104"), Returns: [], Evaluations: [], ReworkCount: 0);
}
