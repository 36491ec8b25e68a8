using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.Tickets;
using Shouldly;

namespace CommandCenter.Tests.Tickets;

/// <summary>
/// What the units and residents do to a case besides the command center's steps, on the fixture's fake clock: a unit
/// returns a wrong dispatch (退回), a closed case is evaluated (回访), and an unsatisfied evaluation within the rework
/// window reopens it (返工), also after the closure was archived.
/// </summary>
[Collection(TicketClusterCollection.Name)]
public sealed class TicketDisposalTests(TicketClusterFixture fixture)
{
    private const string Operator = "指挥中心 王";
    private static readonly TicketArea Department = new(TicketAreaLevel.Department, "cg");

    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task Return_ByTheUnitItWasDispatchedTo_FilesItAgainOffTheClockAndCountsTheWrongDispatch()
    {
        var start = fixture.MoveToNextMonday(9);
        var ticket = await DispatchedAsync();
        fixture.Time.SetUtcNow(start.AddMinutes(40));

        var returned = await ticket.ActAsync(TicketAction.Return, new TicketCommand("department-cg", "不属于城管职责：是供热管网"));

        returned.Ticket.Status.ShouldBe(TicketStatus.Filed);
        returned.Ticket.Returns.ShouldHaveSingleItem().ShouldBe(new TicketReturn(Department, "department-cg", start.AddMinutes(40), "不属于城管职责：是供热管网"));
        returned.Ticket.Target.ShouldBeNull();
        returned.Ticket.DeadlineAt.ShouldBeNull();
        returned.Ticket.AreaPath.Select(a => a.Key).ShouldBe(["grid/G1", "community/C1", "street/S1", "district/D1", "city"]);
        var entry = returned.Audit[^1];
        (entry.Action, entry.Actor, entry.At, entry.Area, entry.Comment).ShouldBe(("Return", "department-cg", start.AddMinutes(40), "department/cg", "不属于城管职责：是供热管网"));
        returned.AllowedActions.ShouldBe([TicketAction.Dispatch]);

        // Dispatched again to the right unit: a fresh clock from the new dispatch, the wrong one still counted.
        fixture.Time.SetUtcNow(start.AddMinutes(50));
        var again = await ticket.ActAsync(TicketAction.Dispatch, new TicketCommand(Operator, Target: new TicketArea(TicketAreaLevel.Grid, "G1")));
        again.Ticket.DeadlineAt.ShouldBe(start.AddHours(2).AddMinutes(50));
        again.Ticket.Returns.Length.ShouldBe(1);
    }

    [Fact]
    public async Task Return_WithoutAReason_IsRefusedAndChangesNothing()
    {
        fixture.MoveToNextMonday(9);
        var ticket = await DispatchedAsync();
        var before = (await ticket.GetAsync())!;

        var refused = await Should.ThrowAsync<TicketValidationException>(() => ticket.ActAsync(TicketAction.Return, new TicketCommand("department-cg", " ")));

        refused.Errors.ShouldContain(e => e.Key == TicketProblems.NeedsComment);
        var after = (await ticket.GetAsync())!;
        (after.Ticket.Version, after.Ticket.Status, after.Ticket.Returns.Length, after.Audit.Length).ShouldBe((before.Ticket.Version, TicketStatus.Dispatched, 0, before.Audit.Length));
    }

    [Fact]
    public async Task Return_OnceAccepted_IsNotAllowed()
    {
        fixture.MoveToNextMonday(9);
        var ticket = await DispatchedAsync();
        await ticket.ActAsync(TicketAction.Start, new TicketCommand("department-cg"));

        await Should.ThrowAsync<TicketTransitionException>(() => ticket.ActAsync(TicketAction.Return, new TicketCommand("department-cg", "不是我们的")));
    }

    [Fact]
    public async Task Evaluate_Satisfied_IsRecordedOncePerClosureAndTheCaseStaysClosed()
    {
        var start = fixture.MoveToNextMonday(9);
        var ticket = await ClosedAsync();
        fixture.Time.SetUtcNow(start.AddDays(1));

        var evaluated = await ticket.EvaluateAsync(new("gridworker-G1", TicketSatisfaction.Satisfied, "很及时", TicketEvaluationChannel.Reporter));

        evaluated.Ticket.Status.ShouldBe(TicketStatus.Closed);
        evaluated.Ticket.Evaluations.ShouldHaveSingleItem().ShouldBe(
            new TicketEvaluation(TicketSatisfaction.Satisfied, "很及时", TicketEvaluationChannel.Reporter, "gridworker-G1", start.AddDays(1), false));
        evaluated.Audit[^1].Action.ShouldBe(TicketRules.EvaluateAction);
        evaluated.Audit[^1].Notice!.Key.ShouldBe(TicketNotices.Evaluated);
        evaluated.Audit[^1].Notice!.Args.ShouldBe(["satisfied", "reporter"]);
        var again = await Should.ThrowAsync<TicketValidationException>(
            () => ticket.EvaluateAsync(new(Operator, TicketSatisfaction.Unsatisfied, null, TicketEvaluationChannel.Phone, Rework: true)));
        again.Errors.ShouldContain(e => e.Key == TicketProblems.AlreadyEvaluated);
    }

    [Fact]
    public async Task Evaluate_BeforeClosure_IsRefused()
    {
        fixture.MoveToNextMonday(9);
        var ticket = await DispatchedAsync();

        var refused = await Should.ThrowAsync<TicketValidationException>(
            () => ticket.EvaluateAsync(new(Operator, TicketSatisfaction.Satisfied, null, TicketEvaluationChannel.Phone)));

        refused.Errors.ShouldContain(e => e.Key == TicketProblems.EvaluateOnlyClosed);
        (await ticket.GetAsync())!.Ticket.Evaluations.ShouldBeEmpty();
    }

    [Fact]
    public async Task Evaluate_UnsatisfiedWithReworkWithinTheWindow_ReopensItForTheSameUnitWithAFreshDeadline()
    {
        var start = fixture.MoveToNextMonday(9);
        var ticket = await ClosedAsync();
        // Tuesday 09:00: the window is 7 days from the closure on Monday.
        var reopenedAt = start.AddDays(1);
        fixture.Time.SetUtcNow(reopenedAt);

        var reopened = await ticket.EvaluateAsync(new(Operator, TicketSatisfaction.Unsatisfied, "油污还在", TicketEvaluationChannel.Phone, Rework: true));

        reopened.Ticket.Status.ShouldBe(TicketStatus.Dispatched);
        reopened.Ticket.ReworkCount.ShouldBe(1);
        reopened.Ticket.ClosedAt.ShouldBeNull();
        reopened.Ticket.Target.ShouldBe(Department);
        reopened.Ticket.Responsible.ShouldBe(Department);
        reopened.Ticket.DeadlineAt.ShouldBe(reopenedAt.AddHours(2));
        reopened.Ticket.Evaluations.ShouldHaveSingleItem().Reopened.ShouldBeTrue();
        reopened.Audit.TakeLast(2).Select(e => (e.Action, e.From, e.To)).ShouldBe(
            [(TicketRules.EvaluateAction, TicketStatus.Closed, TicketStatus.Closed), (TicketRules.ReopenAction, TicketStatus.Closed, TicketStatus.Dispatched)]);
        reopened.AllowedActions.ShouldContain(TicketAction.Start);

        // Back on the clock: missed again, it earns its yellow card from the new deadline.
        await fixture.MoveToAndSweepAsync(reopenedAt.AddHours(2));
        (await ticket.GetAsync())!.Ticket.Level.ShouldBe(SupervisionLevel.Yellow);
    }

    [Fact]
    public async Task Evaluate_ReworkAfterTheWindow_IsRefusedButTheEvaluationAloneIsRecorded()
    {
        fixture.MoveToNextMonday(9);
        var ticket = await ClosedAsync();
        var closedAt = (await ticket.GetAsync())!.Ticket.ClosedAt!.Value;
        fixture.Time.SetUtcNow(closedAt + new TicketOptions().ReworkWindow + TimeSpan.FromSeconds(1));

        var late = await Should.ThrowAsync<TicketValidationException>(
            () => ticket.EvaluateAsync(new(Operator, TicketSatisfaction.Unsatisfied, "还是脏", TicketEvaluationChannel.Phone, Rework: true)));
        late.Errors.ShouldContain(e => e.Key == TicketProblems.ReworkWindowPassed);
        (await ticket.GetAsync())!.Ticket.Status.ShouldBe(TicketStatus.Closed);

        var recorded = await ticket.EvaluateAsync(new(Operator, TicketSatisfaction.Unsatisfied, "还是脏", TicketEvaluationChannel.Phone));
        recorded.Ticket.Status.ShouldBe(TicketStatus.Closed);
        recorded.Ticket.Evaluations.ShouldHaveSingleItem().Satisfaction.ShouldBe(TicketSatisfaction.Unsatisfied);
    }

    [Fact]
    public async Task Evaluate_ReworkWhenSatisfied_IsRefused()
    {
        fixture.MoveToNextMonday(9);
        var ticket = await ClosedAsync();

        var refused = await Should.ThrowAsync<TicketValidationException>(
            () => ticket.EvaluateAsync(new(Operator, TicketSatisfaction.BasicallySatisfied, null, TicketEvaluationChannel.Phone, Rework: true)));

        refused.Errors.ShouldContain(e => e.Key == TicketProblems.ReworkOnlyUnsatisfied);
    }

    [Fact]
    public async Task Evaluate_AfterTheClosureWasArchived_TheArchiveKeepsTheEvaluationOrLetsGoOfTheReopenedCase()
    {
        var start = fixture.MoveToNextMonday(9);
        var kept = await ClosedAsync();
        var reworked = await ClosedAsync();
        // The closure's deadline archives both.
        await fixture.MoveToAndSweepAsync(fixture.Time.GetUtcNow().AddMinutes(1));
        (await fixture.Archive.FindAsync(kept.GetPrimaryKeyString(), TestContext.Current.CancellationToken)).ShouldNotBeNull();
        (await fixture.Archive.FindAsync(reworked.GetPrimaryKeyString(), TestContext.Current.CancellationToken)).ShouldNotBeNull();
        fixture.Time.SetUtcNow(start.AddDays(2));

        await kept.EvaluateAsync(new(Operator, TicketSatisfaction.BasicallySatisfied, "还行", TicketEvaluationChannel.Phone));
        await reworked.EvaluateAsync(new(Operator, TicketSatisfaction.Unsatisfied, "没处理", TicketEvaluationChannel.Phone, Rework: true));

        (await fixture.Archive.FindAsync(kept.GetPrimaryKeyString(), TestContext.Current.CancellationToken))!.Ticket.Evaluations.ShouldHaveSingleItem().Comment.ShouldBe("还行");
        (await fixture.Archive.FindAsync(reworked.GetPrimaryKeyString(), TestContext.Current.CancellationToken)).ShouldBeNull();
        // Listed once, open again, though the index still had it as archived.
        var now = fixture.Time.GetUtcNow();
        var page = await TicketIndex.QueryAsync(Grains, new TicketQuery { Ids = [reworked.GetPrimaryKeyString()] }, now);
        page.Total.ShouldBe(1);
        page.Items.ShouldHaveSingleItem().Status.ShouldBe(TicketStatus.Dispatched);
        (await TicketIndex.QueryAsync(Grains, new TicketQuery { Ids = [kept.GetPrimaryKeyString()] }, now)).Items.ShouldHaveSingleItem()
            .Evaluations.ShouldHaveSingleItem().Satisfaction.ShouldBe(TicketSatisfaction.BasicallySatisfied);

        // Closed again, it is archived again with both rounds.
        foreach (var action in new[] { TicketAction.Start, TicketAction.Feedback, TicketAction.Verify, TicketAction.Close })
        {
            await reworked.ActAsync(action, new TicketCommand(Operator));
        }

        await fixture.MoveToAndSweepAsync(fixture.Time.GetUtcNow().AddMinutes(1));
        var archived = (await fixture.Archive.FindAsync(reworked.GetPrimaryKeyString(), TestContext.Current.CancellationToken))!;
        archived.Ticket.ReworkCount.ShouldBe(1);
        archived.Audit.Count(e => e.Action == nameof(TicketAction.Close)).ShouldBe(2);
    }

    [Fact]
    public async Task Whistle_TwoDepartmentsSummoned_EachReportInIsRecordedWithItsTimeAndTheLeadStillDecides()
    {
        var start = fixture.MoveToNextMonday(9);
        var ticket = await DispatchedAsync(new TicketArea(TicketAreaLevel.Street, "S1"));
        var housing = new TicketArea(TicketAreaLevel.Department, "zj");

        fixture.Time.SetUtcNow(start.AddMinutes(5));
        var whistled = await ticket.CoHandleAsync(new("street-S1", TicketCoStep.Whistle, [Department, housing], "违建占道，需城管、住建到场"));
        fixture.Time.SetUtcNow(start.AddMinutes(25));
        await ticket.CoHandleAsync(new("department-zj", TicketCoStep.ReportIn, [housing], "住建 2 人到场"));
        fixture.Time.SetUtcNow(start.AddMinutes(40));
        var reported = await ticket.CoHandleAsync(new("department-cg", TicketCoStep.ReportIn, [Department]));

        whistled.Ticket.Summons.Select(s => (s.Department, s.WhistledBy, s.WhistledAt)).ShouldBe(
            [(Department, "street-S1", start.AddMinutes(5)), (housing, "street-S1", start.AddMinutes(5))]);
        reported.Ticket.Summons.Select(s => (s.Department.Id, s.ReportedInBy, s.ReportedInAt - s.WhistledAt)).ShouldBe(
            [("cg", "department-cg", TimeSpan.FromMinutes(35)), ("zj", "department-zj", TimeSpan.FromMinutes(20))]);
        reported.Ticket.Status.ShouldBe(TicketStatus.Dispatched);
        reported.Audit.TakeLast(4).Select(e => (e.Action, e.Area)).ShouldBe(
            [("Whistle", "department/cg"), ("Whistle", "department/zj"), ("ReportIn", "department/zj"), ("ReportIn", "department/cg")]);
        // Once is enough: a second report-in, or one by a department nobody summoned, is refused.
        (await Should.ThrowAsync<TicketValidationException>(() => ticket.CoHandleAsync(new("department-cg", TicketCoStep.ReportIn, [Department]))))
            .Errors.ShouldContain(e => e.Key == TicketProblems.NotInvolved);
        (await Should.ThrowAsync<TicketValidationException>(
            () => ticket.CoHandleAsync(new("department-sz", TicketCoStep.ReportIn, [new TicketArea(TicketAreaLevel.Department, "sz")]))))
            .Errors.ShouldContain(e => e.Key == TicketProblems.NotInvolved);
    }

    [Fact]
    public async Task CoHandling_AssistingUnitsHaveTheirOwnStatus_AndTheCaseClosesWhenTheLeadClosesIt()
    {
        fixture.MoveToNextMonday(9);
        var ticket = await DispatchedAsync();
        var street = new TicketArea(TicketAreaLevel.Street, "S1");
        var housing = new TicketArea(TicketAreaLevel.Department, "zj");

        var assisted = await ticket.CoHandleAsync(new(Operator, TicketCoStep.Assist, [street, housing]));
        (await Should.ThrowAsync<TicketValidationException>(() => ticket.CoHandleAsync(new(Operator, TicketCoStep.Assist, [Department]))))
            .Errors.ShouldContain(e => e.Key == TicketProblems.AlreadyInvolved);
        await ticket.CoHandleAsync(new("street-S1", TicketCoStep.AssistAccept, [street]));
        var streetDone = await ticket.CoHandleAsync(new("street-S1", TicketCoStep.AssistFeedback, [street], "已清理人行道"));

        assisted.Ticket.Assists.Select(a => (a.Unit, a.Status)).ShouldBe([(street, TicketAssistStatus.Assigned), (housing, TicketAssistStatus.Assigned)]);
        streetDone.Ticket.Assists.Select(a => (a.Unit, a.Status, a.Feedback)).ShouldBe(
            [(street, TicketAssistStatus.FedBack, "已清理人行道"), (housing, TicketAssistStatus.Assigned, null)]);
        streetDone.Ticket.Status.ShouldBe(TicketStatus.Dispatched);

        // The lead's disposal closes it, though the housing department never took up its part.
        foreach (var action in new[] { TicketAction.Start, TicketAction.Feedback, TicketAction.Verify, TicketAction.Close })
        {
            await ticket.ActAsync(action, new TicketCommand(Operator));
        }

        var closed = (await ticket.GetAsync())!.Ticket;
        closed.Status.ShouldBe(TicketStatus.Closed);
        closed.Assists.Single(a => a.Unit == housing).Status.ShouldBe(TicketAssistStatus.Assigned);
        (await Should.ThrowAsync<TicketValidationException>(() => ticket.CoHandleAsync(new("department-zj", TicketCoStep.AssistAccept, [housing]))))
            .Errors.ShouldContain(e => e.Key == TicketProblems.CoStepNotNow);
        // The assisting units list it as theirs.
        (await TicketIndex.QueryAsync(Grains, new TicketQuery { Area = "department/zj", Ids = [ticket.GetPrimaryKeyString()] }, fixture.Time.GetUtcNow())).Total.ShouldBe(1);
    }

    private async Task<ITicketGrain> DispatchedAsync(TicketArea? target = null)
    {
        var id = await Grains.GetGrain<ITicketDeskGrain>(GrainKeys.TicketDesk).ReportAsync(new TicketReport(
            TicketSource.GridWorker, TicketCategoryCodes.RoadCleaning, "路面油污", new TicketLocation(GridId: "G1"), "gridworker-G1"));
        var ticket = Grains.GetGrain<ITicketGrain>(id);
        await ticket.ActAsync(TicketAction.File, new TicketCommand(Operator));
        await ticket.ActAsync(TicketAction.Dispatch, new TicketCommand(Operator, Target: target ?? Department));
        return ticket;
    }

    /// <summary>Dispatched now and taken through every step to closed 50 minutes later.</summary>
    private async Task<ITicketGrain> ClosedAsync()
    {
        var ticket = await DispatchedAsync();
        fixture.Time.SetUtcNow(fixture.Time.GetUtcNow().AddMinutes(50));
        foreach (var action in new[] { TicketAction.Start, TicketAction.Feedback, TicketAction.Verify, TicketAction.Close })
        {
            await ticket.ActAsync(action, new TicketCommand(Operator));
        }

        return ticket;
    }
}
