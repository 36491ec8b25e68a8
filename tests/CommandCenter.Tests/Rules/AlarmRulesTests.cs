using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.Scheduling;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using CommandCenter.Tests.Grains;
using Shouldly;

namespace CommandCenter.Tests.Rules;

/// <summary>The alarm lifecycle and the arrival limit, on fake time.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AlarmRulesTests(ClusterFixture fixture)
{
    private static int _next;

    private IClusterClient Client => fixture.Client;

    private async Task<string> NewElevatorAsync(bool urban = true)
    {
        var id = $"EL-A{Interlocked.Increment(ref _next):D4}";
        fixture.City.Place(id, ClusterFixture.DemoGrid, ClusterFixture.DemoDistrict, urban, "FIRM-A");
        await Client.GetGrain<IElevatorGrain>(id).ApplyStatusAsync(StatusJson.Report(id, 1, 3, fixture.Time.GetUtcNow()));
        return id;
    }

    private async Task<AlarmSnapshot> RaiseAsync(string elevatorId, string code = FaultCodes.TrappedPassenger)
    {
        await Client.GetGrain<IElevatorGrain>(elevatorId).ApplyEventAsync(
            new ElevatorEventReport(1, elevatorId, 2, fixture.Time.GetUtcNow(), code, EventState.Raised, 3));
        var snapshot = await Client.GetGrain<IElevatorGrain>(elevatorId).GetSnapshotAsync();
        return snapshot!.Alarms.Single(a => a.Code == code);
    }

    [Fact]
    public async Task TrappedPassenger_Raised_OpensOneCriticalAlarmWithThirtyMinutesForTheFirm()
    {
        var elevator = await NewElevatorAsync();
        var now = fixture.Time.GetUtcNow();

        var alarm = await RaiseAsync(elevator);
        await RaiseAsync(elevator);

        alarm.Severity.ShouldBe(AlarmSeverity.Critical);
        alarm.Status.ShouldBe(AlarmStatus.Occurred);
        alarm.FirmId.ShouldBe("FIRM-A");
        alarm.ArrivalDueAt.ShouldBe(now + TimeSpan.FromMinutes(30));
        (await Client.GetGrain<IElevatorGrain>(elevator).GetSnapshotAsync())!.Alarms.Count.ShouldBe(1);
        (await Client.GetGrain<IAlarmIndexGrain>(GrainKeys.AlarmIndex).ListAsync(openOnly: true)).Count(a => a.ElevatorId == elevator).ShouldBe(1);
    }

    [Fact]
    public async Task Alarm_RespondArriveComplete_RecordsEachStepAndClosesIt()
    {
        var elevator = await NewElevatorAsync();
        var alarm = Client.GetGrain<IAlarmGrain>((await RaiseAsync(elevator)).Id);

        await alarm.ActAsync(AlarmAction.Respond, "firm-a-duty", "on our way");
        fixture.Time.Advance(TimeSpan.FromMinutes(12));
        await alarm.ActAsync(AlarmAction.Arrive, "tech-zhao", null);
        var done = await alarm.ActAsync(AlarmAction.Complete, "tech-zhao", "passenger released");

        done.Status.ShouldBe(AlarmStatus.Completed);
        done.Steps.Select(s => (s.Status, s.Actor)).ShouldBe(
            [(AlarmStatus.Occurred, elevator), (AlarmStatus.Responded, "firm-a-duty"), (AlarmStatus.Arrived, "tech-zhao"), (AlarmStatus.Completed, "tech-zhao")]);
        done.ArrivalDueAt.ShouldBeNull();
        (await Client.GetGrain<IElevatorGrain>(elevator).GetSnapshotAsync())!.Alarms.ShouldBeEmpty();
        (await Client.GetGrain<IAlarmIndexGrain>(GrainKeys.AlarmIndex).ListAsync(openOnly: true)).ShouldNotContain(a => a.Id == done.Id);
        (await Client.GetGrain<IAlarmIndexGrain>(GrainKeys.AlarmIndex).ListAsync(openOnly: false)).ShouldContain(a => a.Id == done.Id && a.Status == AlarmStatus.Completed);
    }

    [Theory]
    [InlineData(AlarmAction.Complete, "occurred", "respond, arrive, false-alarm")]
    public async Task Alarm_IllegalStep_IsRefusedAndChangesNothing(AlarmAction action, string status, string allowed)
    {
        var elevator = await NewElevatorAsync();
        var alarm = Client.GetGrain<IAlarmGrain>((await RaiseAsync(elevator)).Id);

        var refused = await Should.ThrowAsync<AlarmTransitionException>(() => alarm.ActAsync(action, "someone", null));

        refused.Problem.Key.ShouldBe(AlarmProblems.Transition);
        refused.Problem.Args.ShouldBe([KebabCase.Of(action), alarm.GetPrimaryKeyString(), status, allowed]);
        (await alarm.GetAsync())!.Steps.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Alarm_StepWhoseSaveFailed_IsTakenAgainOnRetryAndKept()
    {
        var elevator = await NewElevatorAsync();
        var alarm = Client.GetGrain<IAlarmGrain>((await RaiseAsync(elevator)).Id);
        fixture.Storage.FailNextWrite(alarm.GetGrainId());
        await Should.ThrowAsync<Exception>(() => alarm.ActAsync(AlarmAction.Respond, "firm-a-duty", null));

        await alarm.ActAsync(AlarmAction.Respond, "firm-a-duty", null);

        await Activations.DeactivateAsync(alarm);
        (await alarm.GetAsync())!.Status.ShouldBe(AlarmStatus.Responded);
    }

    [Fact]
    public async Task Alarm_ClosedWhileTheHistoryStoreIsDown_ClosesAnywayAndIsKeptWholeOnceTheStoreIsBack()
    {
        var elevator = await NewElevatorAsync();
        var alarm = Client.GetGrain<IAlarmGrain>((await RaiseAsync(elevator)).Id);
        await alarm.ActAsync(AlarmAction.Arrive, "tech-zhao", null);

        fixture.History.Unreachable = true;
        try
        {
            (await alarm.ActAsync(AlarmAction.Complete, "tech-zhao", "passenger released")).Status.ShouldBe(AlarmStatus.Completed);
        }
        finally
        {
            fixture.History.Unreachable = false;
        }

        var id = alarm.GetPrimaryKeyString();
        fixture.History.ClosedAlarm(id).ShouldBeNull();
        (await Client.GetGrain<IAlarmIndexGrain>(GrainKeys.AlarmIndex).ListAsync(openOnly: true)).ShouldNotContain(a => a.Id == id);

        // The next closure hands over what waited, too.
        var other = Client.GetGrain<IAlarmGrain>((await RaiseAsync(await NewElevatorAsync())).Id);
        await other.ActAsync(AlarmAction.FalseAlarm, "operator", "test button");
        var kept = fixture.History.ClosedAlarm(id).ShouldNotBeNull();
        kept.Steps.Select(s => s.Status).ShouldBe([AlarmStatus.Occurred, AlarmStatus.Arrived, AlarmStatus.Completed]);
        fixture.History.ClosedAlarm(other.GetPrimaryKeyString()).ShouldNotBeNull();
    }

    [Fact]
    public async Task Alarm_AfterCompletion_NoFurtherStepIsAllowed()
    {
        var elevator = await NewElevatorAsync();
        var alarm = Client.GetGrain<IAlarmGrain>((await RaiseAsync(elevator)).Id);
        await alarm.ActAsync(AlarmAction.FalseAlarm, "firm-a-duty", "child pressed the button");

        var refused = await Should.ThrowAsync<AlarmTransitionException>(() => alarm.ActAsync(AlarmAction.Arrive, "tech", null));

        refused.Problem.Args.Skip(2).ShouldBe(["false-alarm", ""]);
        (await alarm.GetAsync())!.Status.ShouldBe(AlarmStatus.FalseAlarm);
    }

    [Fact]
    public async Task ArrivalLimit_Missed_DispatchesTheNextFirmAndAlertsTheDistrict()
    {
        var elevator = await NewElevatorAsync();
        var alarm = Client.GetGrain<IAlarmGrain>((await RaiseAsync(elevator)).Id);
        await alarm.ActAsync(AlarmAction.Respond, "firm-a-duty", null);

        fixture.Time.Advance(TimeSpan.FromMinutes(29));
        await fixture.Sweeper.SweepOnceAsync();
        (await alarm.GetAsync())!.Dispatches.Count.ShouldBe(1);

        fixture.Time.Advance(TimeSpan.FromMinutes(2));
        await fixture.Sweeper.SweepOnceAsync();

        var redispatched = (await alarm.GetAsync())!;
        redispatched.FirmId.ShouldBe("FIRM-B");
        redispatched.EscalatedToDistrict.ShouldBeTrue();
        redispatched.ArrivalLimitMissed.ShouldBeTrue();
        redispatched.ArrivalDueAt.ShouldBe(fixture.Time.GetUtcNow() + TimeSpan.FromMinutes(30));
        redispatched.Dispatches[^1].ReasonCode.ShouldNotBeNull().Key.ShouldBe(AlarmDispatchReasons.ArrivalMissed);
        redispatched.Dispatches[^1].ReasonCode!.Args[0].ShouldBe("FIRM-A");
        var followUp = await Client.GetGrain<ITicketGrain>(redispatched.FollowUpTicketId.ShouldNotBeNull()).GetAsync();
        followUp.ShouldNotBeNull();
        followUp.Ticket.Category.ShouldBe(TicketCategoryCodes.ElevatorTrappedFollowUp);
        followUp.Ticket.Status.ShouldBe(TicketStatus.Dispatched);
        followUp.Ticket.Source.ShouldBe(TicketSource.DeviceAlarm);
        followUp.Ticket.Target.ShouldBe(new TicketArea(TicketAreaLevel.District, ClusterFixture.DemoDistrict));
        followUp.Ticket.DispatchedAt.ShouldBe(fixture.Time.GetUtcNow(), "work orders run on the city clock like the alarm");
    }

    [Fact]
    public async Task ArrivalLimit_MissedAfterTheFirstFirmResponded_TheNextFirmRespondsForItselfOnce()
    {
        var elevator = await NewElevatorAsync();
        var alarm = Client.GetGrain<IAlarmGrain>((await RaiseAsync(elevator)).Id);
        await alarm.ActAsync(AlarmAction.Respond, "firm-a-duty", null);
        await Should.ThrowAsync<AlarmTransitionException>(() => alarm.ActAsync(AlarmAction.Respond, "firm-a-duty", "again"));

        fixture.Time.Advance(TimeSpan.FromMinutes(31));
        await fixture.Sweeper.SweepOnceAsync();
        fixture.Time.Advance(TimeSpan.FromMinutes(1));

        var responded = await alarm.ActAsync(AlarmAction.Respond, "firm-b-duty", "on our way");
        responded.FirmId.ShouldBe("FIRM-B");
        responded.Steps.Where(s => s.Status == AlarmStatus.Responded).Select(s => s.Actor).ShouldBe(["firm-a-duty", "firm-b-duty"]);
        await Should.ThrowAsync<AlarmTransitionException>(() => alarm.ActAsync(AlarmAction.Respond, "firm-b-duty", "again"));
    }

    [Fact]
    public async Task ArrivalLimit_MissedAndCrashBeforeTheAlarmWasSaved_RetryFindsTheSameFollowUp()
    {
        var elevator = await NewElevatorAsync();
        var alarm = Client.GetGrain<IAlarmGrain>((await RaiseAsync(elevator)).Id);
        var id = alarm.GetPrimaryKeyString();
        // Nobody responds, so its notifications escalate to the district (the test firm has no second contact), which the
        // alarm saves; only then is its next write, the re-dispatch's, made to fail, so the failure cannot hit the escalation's.
        fixture.Time.Advance(TimeSpan.FromMinutes(29));
        await fixture.Sweeper.SweepOnceAsync();
        await Eventually.TrueAsync(async () => (await alarm.GetAsync())!.EscalatedToDistrict, TimeSpan.FromSeconds(10), "the district escalation to be saved");
        fixture.Time.Advance(TimeSpan.FromMinutes(2));
        fixture.Storage.FailNextWrite(alarm.GetGrainId());
        await fixture.Sweeper.SweepOnceAsync();
        var opened = (await FollowUpsOfAsync(id)).ShouldHaveSingleItem();
        await Activations.DeactivateAsync(alarm);
        (await alarm.GetAsync())!.FollowUpTicketId.ShouldBeNull();

        // The failed deadline backs off before it is tried again.
        fixture.Time.Advance(DeadlineIndexGrain.FirstRetryDelay);
        await fixture.Sweeper.SweepOnceAsync();

        (await alarm.GetAsync())!.FollowUpTicketId.ShouldBe(opened.Id);
        (await FollowUpsOfAsync(id)).ShouldHaveSingleItem();
    }

    /// <summary>The missed-arrival follow-up orders of one alarm, from the ticket index.</summary>
    private async Task<IReadOnlyList<TicketSummary>> FollowUpsOfAsync(string alarmId)
    {
        var page = await TicketIndex.QueryAsync(
            Client, new TicketQuery { Category = TicketCategoryCodes.ElevatorTrappedFollowUp, Take = 10_000 }, fixture.Time.GetUtcNow());
        return [.. page.Items.Where(t => t.Description.EndsWith($"(alarm {alarmId})", StringComparison.Ordinal))];
    }

    [Fact]
    public async Task ArrivalLimit_OutsideUrbanDistricts_IsSixtyMinutes()
    {
        var elevator = await NewElevatorAsync(urban: false);
        var now = fixture.Time.GetUtcNow();

        var alarm = await RaiseAsync(elevator);

        alarm.ArrivalDueAt.ShouldBe(now + TimeSpan.FromMinutes(60));
    }

    [Fact]
    public async Task MinorFault_HasNoArrivalLimit()
    {
        var elevator = await NewElevatorAsync();

        var alarm = await RaiseAsync(elevator, "02");

        alarm.Severity.ShouldBe(AlarmSeverity.Minor);
        alarm.ArrivalDueAt.ShouldBeNull();
    }

    [Fact]
    public async Task DeviceCleared_KeepsTheAlarmOpenUntilTheFirmClosesIt()
    {
        var elevator = await NewElevatorAsync();
        var alarm = await RaiseAsync(elevator);

        await Client.GetGrain<IElevatorGrain>(elevator).ApplyEventAsync(
            new ElevatorEventReport(1, elevator, 3, fixture.Time.GetUtcNow(), FaultCodes.TrappedPassenger, EventState.Cleared));

        var after = (await Client.GetGrain<IAlarmGrain>(alarm.Id).GetAsync())!;
        after.IsOpen.ShouldBeTrue();
        after.DeviceClearedAt.ShouldNotBeNull();
    }
}
