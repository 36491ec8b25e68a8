using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using CommandCenter.Tests.Grains;
using Shouldly;

namespace CommandCenter.Tests.Notifications;

/// <summary>Whom a trapped passenger reaches and when it escalates, on fake time, with the demo city's contacts.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AlarmNotificationRulesTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan EscalateAfter = TimeSpan.FromMinutes(5);

    private IClusterClient Client => fixture.Client;

    [Fact]
    public async Task PhoneReportedTrappedPassenger_NobodyResponds_ReachesFirstContactsThenNextContactThenDistrictAlsoAcrossARestart()
    {
        var lift = Lift(fromEnd: 1);
        var alarm = await ReportAsync(lift);

        var first = await NoticeAsync(alarm.Id, AlarmNotificationStep.FirstContacts);
        first.People.ShouldBe(
        [
            new NotifiedPerson(NotifiedRole.FirmOnCall, lift.Firm.OnCall[0].Name, lift.Firm.OnCall[0].Phone),
            new NotifiedPerson(NotifiedRole.SafetyOfficer, lift.Elevator.SafetyOfficer.Name, lift.Elevator.SafetyOfficer.Phone),
        ]);
        first.Source.ShouldBe(AlarmSource.Phone);

        fixture.Time.Advance(EscalateAfter);
        await fixture.Sweeper.SweepOnceAsync();
        (await NoticeAsync(alarm.Id, AlarmNotificationStep.NextContact)).People
            .ShouldBe([new NotifiedPerson(NotifiedRole.FirmOnCall, lift.Firm.OnCall[1].Name, lift.Firm.OnCall[1].Phone)]);

        // A silo loss: the next step is a stored deadline, not a timer in memory.
        await Activations.DeactivateAsync(Client.GetGrain<IAlarmNotificationGrain>(alarm.Id));
        fixture.Time.Advance(EscalateAfter);
        await fixture.Sweeper.SweepOnceAsync();
        var district = lift.Place.District.CommandCenter!;
        (await NoticeAsync(alarm.Id, AlarmNotificationStep.DistrictCommandCenter)).People
            .ShouldBe([new NotifiedPerson(NotifiedRole.DistrictCommandCenter, district.Name, district.Phone)]);
        await Eventually.TrueAsync(
            async () => (await Client.GetGrain<IAlarmGrain>(alarm.Id).GetAsync())!.EscalatedToDistrict, Patience, "the district's consoles to see it escalated");
        (await Client.GetGrain<IAlarmNotificationGrain>(alarm.Id).GetNextAsync()).ShouldBeNull();
        fixture.Notices.Of(alarm.Id).Count.ShouldBe(3);
    }

    [Fact]
    public async Task TrappedPassenger_RespondedInTime_EscalatesNoFurther()
    {
        var lift = Lift(fromEnd: 2);
        var alarm = await ReportAsync(lift);
        await NoticeAsync(alarm.Id, AlarmNotificationStep.FirstContacts);

        await Client.GetGrain<IAlarmGrain>(alarm.Id).ActAsync(AlarmAction.Respond, "firm-user", null);
        fixture.Time.Advance(EscalateAfter * 3);
        await fixture.Sweeper.SweepOnceAsync();

        (await Client.GetGrain<IAlarmNotificationGrain>(alarm.Id).GetNextAsync()).ShouldBeNull();
        fixture.Notices.Of(alarm.Id).Select(n => n.Step).ShouldBe([AlarmNotificationStep.FirstContacts]);
        (await Client.GetGrain<IAlarmGrain>(alarm.Id).GetAsync())!.EscalatedToDistrict.ShouldBeFalse();
    }

    [Fact]
    public async Task TrappedPassenger_ArrivalLimitMissed_ReachesTheRedispatchedFirmsOnCallThenItsNextContactThenTheDistrict()
    {
        var lift = Lift(fromEnd: 3);
        var nearest = ClusterFixture.DemoCity.FirmsByProximity(lift.Elevator.Id, lift.Firm.Id).First(f => f.OnCall.Count >= 2);
        fixture.City.SetNearestFirms(lift.Elevator.Id, [nearest.Id]);
        var alarm = await ReportAsync(lift);
        await NoticeAsync(alarm.Id, AlarmNotificationStep.FirstContacts);
        // The first firm answers the call but never arrives: its own escalation stops, the arrival limit does not.
        await Client.GetGrain<IAlarmGrain>(alarm.Id).ActAsync(AlarmAction.Respond, "firm-user", null);

        fixture.Time.Advance(TimeSpan.FromMinutes(30));
        await fixture.Sweeper.SweepOnceAsync();
        (await Client.GetGrain<IAlarmGrain>(alarm.Id).GetAsync())!.FirmId.ShouldBe(nearest.Id);
        var redispatched = await NoticeAsync(alarm.Id, AlarmNotificationStep.RedispatchedFirm);
        redispatched.People.ShouldBe([new NotifiedPerson(NotifiedRole.FirmOnCall, nearest.OnCall[0].Name, nearest.OnCall[0].Phone)]);
        redispatched.Dispatch.ShouldBe(2);

        // Nobody of the new firm takes a step: its next contact, then the district.
        fixture.Time.Advance(EscalateAfter);
        await fixture.Sweeper.SweepOnceAsync();
        (await NoticeAsync(alarm.Id, AlarmNotificationStep.RedispatchedNextContact)).People
            .ShouldBe([new NotifiedPerson(NotifiedRole.FirmOnCall, nearest.OnCall[1].Name, nearest.OnCall[1].Phone)]);
        fixture.Time.Advance(EscalateAfter);
        await fixture.Sweeper.SweepOnceAsync();
        await NoticeAsync(alarm.Id, AlarmNotificationStep.DistrictCommandCenter);
        (await Client.GetGrain<IAlarmNotificationGrain>(alarm.Id).GetNextAsync()).ShouldBeNull();
        fixture.Notices.Of(alarm.Id).Select(n => n.Step).ShouldBe(
        [
            AlarmNotificationStep.FirstContacts, AlarmNotificationStep.RedispatchedFirm,
            AlarmNotificationStep.RedispatchedNextContact, AlarmNotificationStep.DistrictCommandCenter,
        ]);
    }

    [Fact]
    public async Task DoorCloseFault_CodeNotNotified_ActivatesNoNotificationGrain()
    {
        var lift = Lift(fromEnd: 4);
        var (doorFault, opened) = await Client.GetGrain<IElevatorGrain>(lift.Elevator.Id)
            .ReportByPhoneAsync("02", new AlarmCaller("张女士", "13800138000", null), "operator");
        opened.ShouldBeTrue();
        await Client.GetGrain<IAlarmGrain>(doorFault.Id).ActAsync(AlarmAction.Respond, "firm-user", null);
        var trapped = await ReportAsync(lift);
        await NoticeAsync(trapped.Id, AlarmNotificationStep.FirstContacts);

        (await Activations.CountAsync(Client, Client.GetGrain<IAlarmNotificationGrain>(doorFault.Id))).ShouldBe(0);
        (await Activations.CountAsync(Client, Client.GetGrain<IAlarmNotificationGrain>(trapped.Id))).ShouldBe(1, "the count sees a notified alarm's grain");
        fixture.Notices.Of(doorFault.Id).ShouldBeEmpty();
    }

    /// <summary>A lift of the demo city no other grain test uses, placed where the alarm rules find it.</summary>
    private ElevatorPlace Lift(int fromEnd)
    {
        var info = ClusterFixture.DemoCity.Topology.Elevators.Where(e => !e.Escalator).Reverse().ElementAt(fromEnd - 1);
        var lift = ClusterFixture.DemoCity.FindElevator(info.Id)!;
        fixture.City.Place(info.Id, lift.Place.Grid.Id, lift.Place.District.Id, lift.Urban, lift.Firm.Id);
        return lift;
    }

    private async Task<AlarmSnapshot> ReportAsync(ElevatorPlace lift)
    {
        var (alarm, opened) = await Client.GetGrain<IElevatorGrain>(lift.Elevator.Id)
            .ReportByPhoneAsync(FaultCodes.TrappedPassenger, new AlarmCaller("张女士", "13800138000", null), "operator");
        opened.ShouldBeTrue();
        alarm.FirmId.ShouldBe(lift.Firm.Id);
        return alarm;
    }

    private Task<AlarmNotice> NoticeAsync(string alarmId, AlarmNotificationStep step) =>
        Eventually.ValueAsync(() => Task.FromResult(fixture.Notices.Of(alarmId).SingleOrDefault(n => n.Step == step)), Patience, $"the {step} notice");
}
