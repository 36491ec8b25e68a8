using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.Tickets;
using CommandCenter.Tests.Grains;
using Shouldly;

namespace CommandCenter.Tests.Tickets;

/// <summary>The work-order state machine, numbering and index on an in-process cluster.</summary>
[Collection(TicketClusterCollection.Name)]
public sealed class TicketGrainTests(TicketClusterFixture fixture)
{
    /// <summary>What each status allows, written out independently of the workflow table.</summary>
    private static readonly Dictionary<TicketStatus, TicketAction[]> Allowed = new()
    {
        [TicketStatus.Reported] = [TicketAction.File, TicketAction.Cancel],
        [TicketStatus.Filed] = [TicketAction.Dispatch],
        [TicketStatus.Cancelled] = [],
        [TicketStatus.Dispatched] = [TicketAction.Start, TicketAction.Return],
        [TicketStatus.InProgress] = [TicketAction.Feedback],
        [TicketStatus.Feedback] = [TicketAction.Verify, TicketAction.SendBack],
        [TicketStatus.Verified] = [TicketAction.Close, TicketAction.SendBack],
        [TicketStatus.Closed] = [],
    };

    private static readonly Dictionary<TicketStatus, TicketAction[]> PathTo = new()
    {
        [TicketStatus.Reported] = [],
        [TicketStatus.Filed] = [TicketAction.File],
        [TicketStatus.Cancelled] = [TicketAction.Cancel],
        [TicketStatus.Dispatched] = [TicketAction.File, TicketAction.Dispatch],
        [TicketStatus.InProgress] = [TicketAction.File, TicketAction.Dispatch, TicketAction.Start],
        [TicketStatus.Feedback] = [TicketAction.File, TicketAction.Dispatch, TicketAction.Start, TicketAction.Feedback],
        [TicketStatus.Verified] = [TicketAction.File, TicketAction.Dispatch, TicketAction.Start, TicketAction.Feedback, TicketAction.Verify],
        [TicketStatus.Closed] = [TicketAction.File, TicketAction.Dispatch, TicketAction.Start, TicketAction.Feedback, TicketAction.Verify, TicketAction.Close],
    };

    private static readonly TicketArea GridG1 = new(TicketAreaLevel.Grid, "G1");

    private IGrainFactory Grains => fixture.Client;

    public static TheoryData<TicketStatus, TicketAction> IllegalMoves()
    {
        var data = new TheoryData<TicketStatus, TicketAction>();
        foreach (var (status, allowed) in Allowed)
        {
            foreach (var action in Enum.GetValues<TicketAction>().Except(allowed))
            {
                data.Add(status, action);
            }
        }

        return data;
    }

    [Fact]
    public async Task ReportAsync_ThroughTheDesk_IsNumberedPerLocalDayAndWaitsForFiling()
    {
        var now = fixture.MoveToNextMonday(9);
        var day = now.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

        var first = await ReportAsync();
        var second = await ReportAsync();

        first.GetPrimaryKeyString().ShouldBe($"WO-{day}-000001");
        second.GetPrimaryKeyString().ShouldBe($"WO-{day}-000002");
        var details = (await first.GetAsync())!;
        details.Ticket.Status.ShouldBe(TicketStatus.Reported);
        details.Ticket.ReportedAt.ShouldBe(now);
        details.Ticket.FilingDueAt.ShouldBe(now.AddHours(1));
        details.Ticket.AreaPath.Select(a => a.Key).ShouldBe(["grid/G1", "community/C1", "street/S1", "district/D1", "city"]);
        details.Audit.ShouldHaveSingleItem().Action.ShouldBe(TicketRules.ReportAction);
        details.AllowedActions.ShouldBe(Allowed[TicketStatus.Reported], ignoreOrder: true);
    }

    [Fact]
    public async Task ActAsync_EveryLegalStep_ReachesClosedWithAFullAuditTrail()
    {
        var start = fixture.MoveToNextMonday(9);
        var ticket = await ReportAsync();

        await StepAsync(ticket, start.AddMinutes(10), TicketAction.File);
        var dispatched = await StepAsync(ticket, start.AddMinutes(20), TicketAction.Dispatch);
        await StepAsync(ticket, start.AddMinutes(30), TicketAction.Start);
        await StepAsync(ticket, start.AddMinutes(90), TicketAction.Feedback);
        await StepAsync(ticket, start.AddMinutes(100), TicketAction.Verify);
        var closed = await StepAsync(ticket, start.AddMinutes(110), TicketAction.Close);

        // Road cleaning: 2 working hours from 09:20 is 11:20; half as much again crosses lunch.
        dispatched.Ticket.DeadlineAt.ShouldBe(start.AddHours(2).AddMinutes(20));
        dispatched.Ticket.RedCardAt.ShouldBe(Clock(start, 14, 50));
        dispatched.Ticket.UrgentAt.ShouldBe(Clock(start, 15, 50));
        dispatched.Ticket.ClosureDueAt.ShouldBe(start.AddDays(1).AddHours(2).AddMinutes(20));
        dispatched.Ticket.Target.ShouldBe(GridG1);
        dispatched.Ticket.Responsible.ShouldBe(GridG1);
        dispatched.Ticket.Assignee.ShouldBe("保洁组");
        dispatched.Ticket.TimeLimit.ShouldBe("2wh");

        closed.Ticket.Status.ShouldBe(TicketStatus.Closed);
        closed.Ticket.Level.ShouldBe(SupervisionLevel.Normal);
        closed.Ticket.FeedbackAt.ShouldBe(start.AddMinutes(90));
        closed.Ticket.ClosedAt.ShouldBe(start.AddMinutes(110));
        closed.AllowedActions.ShouldBeEmpty();
        closed.Audit.Select(e => e.Action).ShouldBe(["Report", "File", "Dispatch", "Start", "Feedback", "Verify", "Close"]);
        closed.Audit.Skip(1).Select(e => (e.From, e.To)).ShouldBe(
        [
            (TicketStatus.Reported, TicketStatus.Filed),
            (TicketStatus.Filed, TicketStatus.Dispatched),
            (TicketStatus.Dispatched, TicketStatus.InProgress),
            (TicketStatus.InProgress, TicketStatus.Feedback),
            (TicketStatus.Feedback, TicketStatus.Verified),
            (TicketStatus.Verified, TicketStatus.Closed),
        ]);
        closed.Audit[2].Area.ShouldBe("grid/G1");
        closed.Audit.Skip(1).ShouldAllBe(e => e.Actor == "指挥中心 王");
    }

    [Fact]
    public async Task ActAsync_CancelFromReported_EndsTheTicket()
    {
        fixture.MoveToNextMonday(9);
        var ticket = await ReportAsync();

        var cancelled = await ticket.ActAsync(TicketAction.Cancel, new TicketCommand("受理员 张", "重复上报 duplicate"));

        cancelled.Ticket.Status.ShouldBe(TicketStatus.Cancelled);
        cancelled.Ticket.DecidedAt.ShouldNotBeNull();
        cancelled.Ticket.StatusNotes.ShouldBe("重复上报 duplicate");
        cancelled.AllowedActions.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(IllegalMoves))]
    public async Task ActAsync_IllegalMove_IsRefusedWithTheStatusAndAllowedActionsAndChangesNothing(TicketStatus status, TicketAction action)
    {
        fixture.MoveToNextMonday(9);
        var ticket = await InStatusAsync(status);
        var before = (await ticket.GetAsync())!;

        var refused = await Should.ThrowAsync<TicketTransitionException>(() => ticket.ActAsync(action, Command(action)));

        refused.Status.ShouldBe(status);
        refused.Action.ShouldBe(action);
        refused.AllowedActions.ShouldBe(Allowed[status], ignoreOrder: true);
        refused.Message.ShouldContain(KebabCase.Of(status));
        var after = (await ticket.GetAsync())!;
        after.Ticket.Version.ShouldBe(before.Ticket.Version);
        after.Ticket.Status.ShouldBe(status);
        after.Audit.Length.ShouldBe(before.Audit.Length);
    }

    [Fact]
    public async Task GetAsync_EachStatus_OffersTheAllowedActions()
    {
        fixture.MoveToNextMonday(9);
        foreach (var (status, allowed) in Allowed)
        {
            var details = (await (await InStatusAsync(status)).GetAsync())!;

            details.Ticket.Status.ShouldBe(status);
            details.AllowedActions.ShouldBe(allowed, ignoreOrder: true);
        }
    }

    [Fact]
    public async Task ActAsync_DispatchWithoutTargetOrOutsideTheCity_IsRefusedAndChangesNothing()
    {
        fixture.MoveToNextMonday(9);
        var ticket = await InStatusAsync(TicketStatus.Filed);

        var noTarget = await Should.ThrowAsync<TicketValidationException>(() => ticket.ActAsync(TicketAction.Dispatch, new TicketCommand("王")));
        var unknown = await Should.ThrowAsync<TicketValidationException>(() =>
            ticket.ActAsync(TicketAction.Dispatch, new TicketCommand("王", Target: new TicketArea(TicketAreaLevel.Grid, "G99"))));

        noTarget.Errors.ShouldHaveSingleItem().Key.ShouldBe(TicketProblems.DispatchNeedsTarget);
        unknown.Errors.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            e => e.Key.ShouldBe(TicketProblems.TargetNotInCity), e => e.Args.ShouldBe(["grid/G99"]));
        unknown.Status.ShouldBe(TicketStatus.Filed);
        unknown.AllowedActions.ShouldBe([TicketAction.Dispatch]);
        (await ticket.GetAsync())!.Ticket.Status.ShouldBe(TicketStatus.Filed);
    }

    [Fact]
    public async Task ActAsync_DispatchToADepartmentTheCityDoesNotHave_IsRefusedNamingItAndTheKnownOnes()
    {
        fixture.MoveToNextMonday(9);
        var ticket = await InStatusAsync(TicketStatus.Filed);

        var refused = await Should.ThrowAsync<TicketValidationException>(() =>
            ticket.ActAsync(TicketAction.Dispatch, new TicketCommand("王", Target: new TicketArea(TicketAreaLevel.Department, "城管局"))));

        refused.Errors.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            e => e.Key.ShouldBe(TicketProblems.UnknownDepartment), e => e.Args.ShouldBe(["城管局", "cg, zj"]));
        refused.Message.ShouldContain("城管局");
        (await ticket.GetAsync())!.Ticket.Status.ShouldBe(TicketStatus.Filed);
        (await ticket.ActAsync(TicketAction.Dispatch, new TicketCommand("王", Target: new TicketArea(TicketAreaLevel.Department, "zj"))))
            .Ticket.Target.ShouldBe(new TicketArea(TicketAreaLevel.Department, "zj"));
    }

    [Fact]
    public async Task ActAsync_CancelWithoutActorOrReason_ListsEveryProblem()
    {
        fixture.MoveToNextMonday(9);
        var ticket = await ReportAsync();

        var refused = await Should.ThrowAsync<TicketValidationException>(() => ticket.ActAsync(TicketAction.Cancel, new TicketCommand(" ")));

        refused.Errors.Length.ShouldBe(2);
        refused.Errors.ShouldContain(e => e.Key == TicketProblems.Required && e.Args.Contains("actor"));
        refused.Errors.ShouldContain(e => e.Key == TicketProblems.NeedsComment && e.Args.Contains("cancel"));
    }

    [Fact]
    public async Task ActAsync_UnknownTicket_IsNotFound()
    {
        var refused = await Should.ThrowAsync<TicketNotFoundException>(() =>
            Grains.GetGrain<ITicketGrain>("WO-19990101-000001").ActAsync(TicketAction.File, new TicketCommand("王")));

        refused.Status.ShouldBeNull();
        (await Grains.GetGrain<ITicketGrain>("WO-19990101-000001").GetAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task DeskReportAsync_BadReport_ListsEveryProblemAndLeavesNoGapInNumbers()
    {
        var now = fixture.MoveToNextMonday(9);
        var day = now.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        await ReportAsync();

        var refused = await Should.ThrowAsync<TicketValidationException>(() => Desk.ReportAsync(
            new TicketReport(TicketSource.Hotline12345, "no-such-category", " ", new TicketLocation(GridId: "G99", Latitude: 95, ElevatorId: "EL NOPE/1"), "")));
        var next = await ReportAsync();

        refused.Errors.ShouldContain(e => e.Key == TicketProblems.UnknownCategory && e.Args.Contains("no-such-category"));
        refused.Errors.ShouldContain(e => e.Key == TicketProblems.Required && e.Args.Contains("description"));
        refused.Errors.ShouldContain(e => e.Key == TicketProblems.Required && e.Args.Contains("reporter"));
        refused.Errors.ShouldContain(e => e.Key == TicketProblems.GridNotInCity && e.Args.Contains("G99"));
        refused.Errors.ShouldContain(e => e.Key == TicketProblems.LatitudeWithLongitude);
        refused.Errors.ShouldContain(e => e.Key == TicketProblems.InvalidElevatorId && e.Args.Contains("EL NOPE/1"));
        next.GetPrimaryKeyString().ShouldBe($"WO-{day}-000002");
    }

    [Theory]
    [InlineData(double.NaN, 106.2)]
    [InlineData(38.4, double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity, double.NaN)]
    public async Task DeskReportAsync_NonFiniteCoordinates_AreRefusedWhateverTheSource(double latitude, double longitude)
    {
        var refused = await Should.ThrowAsync<TicketValidationException>(() => Desk.ReportAsync(
            new TicketReport(TicketSource.GridWorker, "road-cleaning", "垃圾", new TicketLocation(Latitude: latitude, Longitude: longitude), "王网格")));

        refused.Errors.ShouldContain(e => e.Key == TicketProblems.CoordinatesOutOfRange);
    }

    [Fact]
    public async Task SendBack_FromFeedbackAndVerified_CountsReworkAndKeepsTheDeadline()
    {
        fixture.MoveToNextMonday(9);
        var ticket = await InStatusAsync(TicketStatus.Feedback);
        var deadline = (await ticket.GetAsync())!.Ticket.DeadlineAt;

        var once = await ticket.ActAsync(TicketAction.SendBack, new TicketCommand("核查员 赵", "路面仍有油污 still oily"));
        await ticket.ActAsync(TicketAction.Start, Command(TicketAction.Start));
        await ticket.ActAsync(TicketAction.Feedback, Command(TicketAction.Feedback));
        await ticket.ActAsync(TicketAction.Verify, Command(TicketAction.Verify));
        var twice = await ticket.ActAsync(TicketAction.SendBack, new TicketCommand("核查员 赵", "复核不合格 failed re-check"));

        once.Ticket.Status.ShouldBe(TicketStatus.Dispatched);
        once.Ticket.ReworkCount.ShouldBe(1);
        once.Ticket.FeedbackAt.ShouldBeNull();
        once.Ticket.DeadlineAt.ShouldBe(deadline);
        twice.Ticket.ReworkCount.ShouldBe(2);
        twice.Ticket.DeadlineAt.ShouldBe(deadline);
        twice.Audit.Where(e => e.Action == "SendBack").Select(e => (e.From, e.To)).ShouldBe(
            [(TicketStatus.Feedback, TicketStatus.Dispatched), (TicketStatus.Verified, TicketStatus.Dispatched)]);
    }

    [Fact]
    public async Task Supervision_OverdueOnFakeTime_RaisesYellowRedUrgentAndEscalatesUpTheTree()
    {
        var start = fixture.MoveToNextMonday(9);
        var ticket = await InStatusAsync(TicketStatus.Dispatched);
        var id = ticket.GetPrimaryKeyString();

        await fixture.MoveToAndSweepAsync(start.AddHours(2).AddTicks(-1));
        (await ticket.GetAsync())!.Ticket.Level.ShouldBe(SupervisionLevel.Normal);

        await fixture.MoveToAndSweepAsync(start.AddHours(2));
        var yellow = (await ticket.GetAsync())!;
        await fixture.MoveToAndSweepAsync(start.AddHours(3));
        var red = (await ticket.GetAsync())!;
        await fixture.MoveToAndSweepAsync(Clock(start, 15, 30));
        var urgent = (await ticket.GetAsync())!;
        await fixture.MoveToAndSweepAsync(Clock(start, 17, 0));

        yellow.Ticket.Level.ShouldBe(SupervisionLevel.Yellow);
        yellow.Ticket.Responsible!.Key.ShouldBe("community/C1");
        red.Ticket.Level.ShouldBe(SupervisionLevel.Red);
        red.Ticket.Responsible!.Key.ShouldBe("street/S1");
        urgent.Ticket.Level.ShouldBe(SupervisionLevel.Urgent);
        urgent.Ticket.Responsible!.Key.ShouldBe("district/D1");
        urgent.Ticket.Target.ShouldBe(GridG1);
        var escalations = (await ticket.GetAsync())!.Audit.Where(e => e.Actor == TicketRules.SystemActor).ToList();
        escalations.Select(e => (e.Action, e.Area)).ShouldBe(
            [("YellowCard", "community/C1"), ("RedCard", "street/S1"), ("Urgent", "district/D1")]);
        escalations.Select(e => e.At).ShouldBe([start.AddHours(2), start.AddHours(3), Clock(start, 15, 30)]);
        (await TicketIndex.QueryAsync(Grains, new TicketQuery { Ids = [id], Overdue = true, Level = SupervisionLevel.Urgent }, fixture.Time.GetUtcNow()))
            .Total.ShouldBe(1);
        (await GridContributionAsync(id))[AreaMetrics.TicketsOverdueUrgent].ShouldBe(1);

        await ticket.ActAsync(TicketAction.Start, Command(TicketAction.Start));
        await ticket.ActAsync(TicketAction.Feedback, Command(TicketAction.Feedback));
        var fedBack = await GridContributionAsync(id);
        fedBack[AreaMetrics.TicketsOpen].ShouldBe(1);
        fedBack[AreaMetrics.TicketsOverdueUrgent].ShouldBe(0);
        await ticket.ActAsync(TicketAction.Verify, Command(TicketAction.Verify));
        await ticket.ActAsync(TicketAction.Close, Command(TicketAction.Close));
        (await GridContributionAsync(id)).Counters.ShouldBeEmpty();
    }

    [Fact]
    public async Task Rollups_GridLostItsSums_TheIndexCountsItsOpenTicketsAgainWithoutWakingThem()
    {
        var id = (await InStatusAsync(TicketStatus.Dispatched)).GetPrimaryKeyString();
        (await GridContributionAsync(id))[AreaMetrics.TicketsOpen].ShouldBe(1);
        await Activations.DeactivateAsync(Grains.GetGrain<IAreaGrain>(AreaKeys.Grid("G1")));
        (await GridContributionAsync(id)).Counters.ShouldBeEmpty();

        await Task.WhenAll(TicketIndex.AllShards(Grains).Select(shard => shard.RefreshRollupsAsync()));

        (await GridContributionAsync(id))[AreaMetrics.TicketsOpen].ShouldBe(1);
    }

    [Fact]
    public async Task Supervision_DepartmentTarget_EscalatesStraightToTheCity()
    {
        var start = fixture.MoveToNextMonday(9);
        var ticket = await InStatusAsync(TicketStatus.Filed);
        await ticket.ActAsync(TicketAction.Dispatch, new TicketCommand("王", Target: new TicketArea(TicketAreaLevel.Department, "cg")));

        await fixture.MoveToAndSweepAsync(start.AddHours(2));

        var ticketNow = (await ticket.GetAsync())!.Ticket;
        ticketNow.Level.ShouldBe(SupervisionLevel.Yellow);
        ticketNow.Responsible.ShouldBe(TicketArea.City);
        ticketNow.AreaPath.Select(a => a.Key).ShouldBe(["department/cg", "city"]);
    }

    [Fact]
    public async Task Supervision_DeadlinePassedWhileDeactivated_IsActedOnByTheNextSweep()
    {
        var start = fixture.MoveToNextMonday(9);
        var ticket = await InStatusAsync(TicketStatus.InProgress);
        await Activations.DeactivateAsync(ticket);

        await fixture.MoveToAndSweepAsync(start.AddHours(3).AddMinutes(30));

        var details = (await ticket.GetAsync())!;
        details.Ticket.Status.ShouldBe(TicketStatus.InProgress);
        details.Ticket.Level.ShouldBe(SupervisionLevel.Red);
        details.Audit.Select(e => e.Action).TakeLast(2).ShouldBe(["YellowCard", "RedCard"]);
    }

    [Fact]
    public async Task Feedback_AfterTheDeadlineBeforeAnySweep_RecordsTheYellowCardFirst()
    {
        var start = fixture.MoveToNextMonday(9);
        var ticket = await InStatusAsync(TicketStatus.InProgress);
        fixture.Time.SetUtcNow(start.AddHours(2).AddMinutes(30));

        var details = await ticket.ActAsync(TicketAction.Feedback, Command(TicketAction.Feedback));

        details.Ticket.Level.ShouldBe(SupervisionLevel.Yellow);
        details.Audit.Select(e => e.Action).TakeLast(2).ShouldBe(["YellowCard", "Feedback"]);
        (await TicketIndex.KpisAsync(Grains, new TicketQuery { Ids = [ticket.GetPrimaryKeyString()] }, fixture.Time.GetUtcNow())).Overdue.ShouldBe(1);
    }

    [Fact]
    public async Task SendBack_AfterTheDeadline_PutsTheTicketBackUnderSupervisionAtOnce()
    {
        var start = fixture.MoveToNextMonday(9);
        var ticket = await InStatusAsync(TicketStatus.Feedback);
        fixture.Time.SetUtcNow(start.AddHours(3).AddMinutes(30));

        var details = await ticket.ActAsync(TicketAction.SendBack, new TicketCommand("核查员 赵", "not fixed"));

        details.Ticket.Status.ShouldBe(TicketStatus.Dispatched);
        details.Ticket.Level.ShouldBe(SupervisionLevel.Red);
        details.Ticket.Responsible!.Key.ShouldBe("street/S1");
        details.Audit.Select(e => e.Action).TakeLast(3).ShouldBe(["SendBack", "YellowCard", "RedCard"]);
    }

    [Fact]
    public async Task Index_TicketDispatchedToADepartment_StaysInTheListsOfTheAreasWhereItHappened()
    {
        var ticket = await InStatusAsync(TicketStatus.Filed);
        await ticket.ActAsync(TicketAction.Dispatch, new TicketCommand("王", Target: new TicketArea(TicketAreaLevel.Department, "cg")));
        var now = fixture.Time.GetUtcNow();

        async Task<bool> ListedForAsync(string area) =>
            (await TicketIndex.QueryAsync(Grains, new TicketQuery { Area = area, Ids = [Key(ticket)] }, now)).Total == 1;

        // The grid worker of G1 verifies it once the department feeds back: it must stay in their list meanwhile.
        foreach (var area in new[] { "grid/G1", "community/C1", "street/S1", "district/D1", "department/cg", "city" })
        {
            (await ListedForAsync(area)).ShouldBeTrue(area);
        }

        (await ListedForAsync("grid/G2")).ShouldBeFalse();
        (await ListedForAsync("district/D2")).ShouldBeFalse();
        (await TicketIndex.KpisAsync(Grains, new TicketQuery { Area = "grid/G1", Ids = [Key(ticket)] }, now)).Total.ShouldBe(1);
    }

    [Fact]
    public async Task Index_FiltersByAreaCategoryStatusAndOverdue_WithStablePages()
    {
        var start = fixture.MoveToNextMonday(9);
        var inG1 = await ReportAsync();
        var inG2 = await InStatusAsync(TicketStatus.Dispatched, Report(grid: "G2"));
        var inG3 = await ReportAsync(Report(TicketCategoryCodes.ExposedGarbage, "G3"));
        fixture.Time.SetUtcNow(start.AddHours(3));
        var now = fixture.Time.GetUtcNow();

        async Task<string[]> IdsAsync(TicketQuery query) =>
            [.. (await TicketIndex.QueryAsync(Grains, query with { ReportedFrom = start }, now)).Items.Select(t => t.Id)];

        (await IdsAsync(new TicketQuery { Area = "district/D1" })).ShouldBe([Key(inG2), Key(inG1)]);
        (await IdsAsync(new TicketQuery { Area = "community/C2" })).ShouldBe([Key(inG3)]);
        (await IdsAsync(new TicketQuery { Area = "city" })).Length.ShouldBe(3);
        (await IdsAsync(new TicketQuery { Category = TicketCategoryCodes.ExposedGarbage })).ShouldBe([Key(inG3)]);
        (await IdsAsync(new TicketQuery { Statuses = [TicketStatus.Dispatched] })).ShouldBe([Key(inG2)]);
        (await IdsAsync(new TicketQuery { Overdue = true })).ShouldBe([Key(inG2)]);
        (await IdsAsync(new TicketQuery { Source = TicketSource.DeviceAlarm })).ShouldBeEmpty();
        var page = await TicketIndex.QueryAsync(Grains, new TicketQuery { ReportedFrom = start, Skip = 1, Take = 1 }, now);
        page.Total.ShouldBe(3);
        page.Items.ShouldHaveSingleItem().Id.ShouldBe(Key(inG2));
    }

    [Fact]
    public async Task Kpis_OnTimeAndLateSteps_GiveTheRatesAndCounts()
    {
        var start = fixture.MoveToNextMonday(9);
        var prompt = await ReportAsync();
        var slow = await ReportAsync();

        await StepAsync(prompt, start.AddMinutes(30), TicketAction.File);
        await StepAsync(prompt, start.AddMinutes(40), TicketAction.Dispatch);
        await StepAsync(prompt, start.AddMinutes(45), TicketAction.Start);
        await StepAsync(prompt, start.AddMinutes(60), TicketAction.Feedback);
        await StepAsync(prompt, start.AddMinutes(70), TicketAction.Verify);
        await StepAsync(prompt, start.AddMinutes(90), TicketAction.Close);
        await StepAsync(slow, start.AddMinutes(90), TicketAction.File);
        await StepAsync(slow, start.AddMinutes(165), TicketAction.Dispatch);
        fixture.Time.SetUtcNow(Clock(start, 16, 30));

        var kpis = await TicketIndex.KpisAsync(Grains, new TicketQuery { ReportedFrom = start }, fixture.Time.GetUtcNow());

        kpis.Total.ShouldBe(2);
        (kpis.Open, kpis.Closed).ShouldBe((1, 1));
        (kpis.FiledOnTime, kpis.FiledLate).ShouldBe((1, 1));
        (kpis.DispatchedOnTime, kpis.DispatchedLate).ShouldBe((1, 1));
        (kpis.DisposedOnTime, kpis.Overdue, kpis.OverdueOpen).ShouldBe((1, 1, 1));
        (kpis.ClosedOnTime, kpis.ClosedLate).ShouldBe((1, 0));
        kpis.OnTimeFilingRate.ShouldBe(0.5);
        kpis.OnTimeClosureRate.ShouldBe(1);
    }

    private ITicketDeskGrain Desk => Grains.GetGrain<ITicketDeskGrain>(GrainKeys.TicketDesk);

    private static TicketReport Report(string category = TicketCategoryCodes.RoadCleaning, string grid = "G1") =>
        new(TicketSource.GridWorker, category, "路面油污 oil on the road", new TicketLocation(GridId: grid), "网格员 李娜", "139 0000 0000");

    private static TicketCommand Command(TicketAction action) => action switch
    {
        TicketAction.Dispatch => new TicketCommand("指挥中心 王", "派往网格", GridG1, "保洁组"),
        TicketAction.Cancel or TicketAction.SendBack or TicketAction.Return => new TicketCommand("指挥中心 王", "理由 reason"),
        _ => new TicketCommand("指挥中心 王"),
    };

    /// <summary>A clock time on the same local day.</summary>
    private static DateTimeOffset Clock(DateTimeOffset day, int hour, int minute) => new(day.Date + new TimeSpan(hour, minute, 0), day.Offset);

    private static string Key(ITicketGrain ticket) => ticket.GetPrimaryKeyString();

    private async Task<ITicketGrain> ReportAsync(TicketReport? report = null) =>
        Grains.GetGrain<ITicketGrain>(await Desk.ReportAsync(report ?? Report()));

    private async Task<ITicketGrain> InStatusAsync(TicketStatus status, TicketReport? report = null)
    {
        var ticket = await ReportAsync(report);
        foreach (var action in PathTo[status])
        {
            await ticket.ActAsync(action, Command(action));
        }

        return ticket;
    }

    private async Task<TicketDetails> StepAsync(ITicketGrain ticket, DateTimeOffset at, TicketAction action)
    {
        fixture.Time.SetUtcNow(at);
        return await ticket.ActAsync(action, Command(action));
    }

    private async Task<AreaStats> GridContributionAsync(string ticketId) =>
        (await Grains.GetGrain<IAreaGrain>(AreaKeys.Grid("G1")).GetContributionsAsync()).GetValueOrDefault(ticketId) ?? AreaStats.Empty;
}
