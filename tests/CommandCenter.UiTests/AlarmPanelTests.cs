using CommandCenter.Grains.Abstractions;
using CommandCenter.Live;

namespace CommandCenter.UiTests;

public sealed class AlarmPanelTests : WallContext
{
    [Fact]
    public void AlarmPanel_TrappedPassenger_CountsDownToTheArrivalLimitAndTurnsRedWhenMissed()
    {
        State.Apply(LiveChange.Of(WallData.Trapped("A1", WallData.Start)));
        var panel = RenderOnWall<AlarmPanel>();

        Advance(TimeSpan.FromMinutes(12) + TimeSpan.FromSeconds(5));

        var row = panel.Find("[data-alarm='A1']");
        row.GetAttribute("data-sla").ShouldBe(nameof(SlaPhase.Running));
        row.QuerySelector("[data-testid='elapsed'] b")!.TextContent.ShouldBe("12:05");
        row.QuerySelector("[data-testid='sla']")!.TextContent.ShouldStartWith("距到场时限 17:");
        row.QuerySelector("[data-testid='ledger-link']")!.GetAttribute("href").ShouldBe("/elevators/EL-0001");

        Advance(TimeSpan.FromMinutes(20));

        row = panel.Find("[data-alarm='A1']");
        row.GetAttribute("data-sla").ShouldBe(nameof(SlaPhase.Missed));
        row.ClassList.ShouldContain("sla-missed");
        row.QuerySelector("[data-testid='sla']")!.TextContent.ShouldStartWith("到场超时 02:");
    }

    [Fact]
    public void AlarmPanel_RedispatchedAlarm_ShowsTheNextFirm()
    {
        var firms = WallData.City.Topology.Firms;
        State.Apply(LiveChange.Of(WallData.Trapped("A1", WallData.Start, AlarmStatus.Occurred, firms[0].Id, firms[1].Id)));

        var panel = RenderOnWall<AlarmPanel>(language: LocalizationExtensions.English);

        panel.Find("[data-testid='redispatch']").TextContent.ShouldBe($"Re-dispatched to {firms[1].Name} (firm 2)");
        panel.Find("[data-alarm='A1'] .escalated").TextContent.ShouldBe("Escalated to district");
    }

    [Fact]
    public void AlarmPanel_AlarmClosedLive_LeavesAtOnce()
    {
        State.Apply(LiveChange.Of(WallData.Trapped("A1", WallData.Start)));
        var panel = RenderOnWall<AlarmPanel>();

        State.Apply(LiveChange.Of(WallData.Trapped("A1", WallData.Start, AlarmStatus.Completed)));

        panel.FindAll("[data-testid='alarm-row']").ShouldBeEmpty();
        panel.Find(".empty").TextContent.ShouldBe("当前无未结告警");
    }

    [Fact]
    public void CriticalAlarmPopup_NewTrappedPassenger_ShowsUntilAcknowledgedForThisWallsArea()
    {
        var popup = RenderOnWall<CriticalAlarmPopup>();
        popup.FindAll("[data-testid='critical-popup']").ShouldBeEmpty();
        var trapped = WallData.Trapped("A1", WallData.Start);
        Acknowledgements.Know(trapped);

        State.Apply(LiveChange.Of(trapped));

        popup.Find("[data-testid='critical-popup']").GetAttribute("data-alarm").ShouldBe("A1");
        popup.Find("h2").TextContent.ShouldContain("困人");
        popup.Find("[data-testid='ack']").Click();

        popup.FindAll("[data-testid='critical-popup']").ShouldBeEmpty();
        Acknowledgements.Given.ShouldBe([("A1", AreaKeys.City, "wall")]);
    }

    [Fact]
    public void CriticalAlarmPopup_AcknowledgedElsewhereForTheCity_StaysClosed()
    {
        State.Apply(LiveChange.Of(WallData.Trapped("A1", WallData.Start) with
        {
            WallAcknowledgements = [new AlarmWallAcknowledgement(AreaKeys.City, "operator", null, WallData.Start)],
        }));

        var popup = RenderOnWall<CriticalAlarmPopup>();

        popup.FindAll("[data-testid='critical-popup']").ShouldBeEmpty();
    }

    [Fact]
    public void CriticalAlarmPopup_MinorAlarm_DoesNotPopUp()
    {
        var popup = RenderOnWall<CriticalAlarmPopup>();

        State.Apply(LiveChange.Of(WallData.Minor("M1", WallData.Start)));

        popup.FindAll("[data-testid='critical-popup']").ShouldBeEmpty();
    }

    [Fact]
    public void ElevatorTiles_ReportingOrSilent_EachIdOpensItsLedger()
    {
        State.ApplyElevators([WallData.Elevator("EL-0001", 3, WallData.Start)]);

        // A grid opened on the map lists its lifts (Only), reported or not.
        var tiles = RenderOnWall<ElevatorTiles>(p => p.Add(t => t.Only, ["EL-0001", "EL-0002"]));

        tiles.Find("[data-elevator='EL-0001'] [data-testid='ledger-link']").GetAttribute("href").ShouldBe("/elevators/EL-0001");
        tiles.Find(".tile.silent[data-elevator='EL-0002'] [data-testid='ledger-link']").GetAttribute("href").ShouldBe("/elevators/EL-0002");
    }
}
