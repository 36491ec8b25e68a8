using CommandCenter.Components.Firm;
using CommandCenter.Components.Ledger;
using System.Text.Json;
using CommandCenter.Elevators;
using CommandCenter.Elevators.History;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.UiTests;

/// <summary>The ledger page's content, in the page's language, and the links that lead to it from an alarm.</summary>
public sealed class LedgerViewTests : BunitContext
{
    private static readonly DateTimeOffset Now = WallData.Start + TimeSpan.FromMinutes(1);

    public LedgerViewTests()
    {
        Services.AddLocalization();
        // The histories read further pages only when asked; these tests look at the first pages, read with the ledger.
        Services.AddSingleton(new ElevatorLedgers(null!, null!, null!, null!, null!, null!));
        // The floor chart draws in the browser (apexcharts), which the browser tests see.
        ComponentFactories.AddStub<FloorChart>();
    }

    public static TheoryData<string, string, string> Cultures => new() { { "zh-CN", "安全员", "逾期" }, { "en", "Safety officer", "Overdue" } };

    [Theory]
    [MemberData(nameof(Cultures))]
    public void LedgerView_InTheUiCulture_ShowsThePeopleWithTheirPhonesTheDutiesAndTheOpenAlarm(string culture, string officerLabel, string overdue)
    {
        using var _ = new UiCulture(culture);

        var view = Render<LedgerView>(p => p
            .Add(v => v.Ledger, Ledger(officerPhone: "138****0001"))
            .Add(v => v.Now, Now)
            .Add(v => v.Zone, TimeZoneInfo.Utc));

        view.Find("[data-testid='ledger-people'] dt").TextContent.ShouldBe(officerLabel);
        view.Find("[data-testid='ledger-officer']").TextContent.ShouldBe("王安全 138****0001");
        view.Find("[data-testid='ledger-director']").TextContent.ShouldBe("李总监 13900000002");
        view.Find("[data-testid='ledger-on-call']").TextContent.ShouldBe("赵值班 13700000003");
        view.Find("[data-duty='Daily'] td").TextContent.ShouldBe(overdue);
        view.Find("[data-testid='ledger-open-alarms'] li").GetAttribute("data-alarm").ShouldBe("A-1");
        view.Find("[data-testid='ledger-history']").GetAttribute("href").ShouldBe("/api/elevators/EL-0001/history?minutes=1440");
    }

    [Theory]
    [InlineData("zh-CN", "维保 半月", "缺少 1 项必保项目")]
    [InlineData("en", "Maintenance half-monthly", "1 required item(s) missing")]
    public void LedgerView_WithHistory_ListsTheRecordsWholeFlaggingMissingItemsAndTheClosedAlarmsWithTheirSteps(string culture, string maintenanceTitle, string missing)
    {
        using var _ = new UiCulture(culture);

        var view = Render<LedgerView>(p => p
            .Add(v => v.Ledger, Ledger(officerPhone: "13800000001"))
            .Add(v => v.Now, Now)
            .Add(v => v.Zone, TimeZoneInfo.Utc));

        var records = view.Find("[data-testid='ledger-records']");
        records.GetAttribute("data-total").ShouldBe("41");
        var maintenance = view.Find("li[data-kind='maintenance']");
        maintenance.GetAttribute("data-flagged").ShouldBe("true");
        maintenance.QuerySelector("summary strong")!.TextContent.ShouldBe(maintenanceTitle);
        maintenance.QuerySelector("summary .problem")!.TextContent.ShouldBe(missing);
        view.Find("[data-testid='ledger-missing-items']").TextContent.ShouldBe("HM-31");
        view.Find("li[data-kind='weekly'] details li").TextContent.ShouldContain("层门地坎积尘");
        view.Find("[data-testid='ledger-records'] .pager").GetAttribute("data-pages").ShouldBe("3");
        var closed = view.Find("[data-testid='ledger-closed-alarms'] li");
        closed.GetAttribute("data-alarm").ShouldBe("A-0");
        closed.QuerySelectorAll(".steps li").Length.ShouldBe(2);
    }

    [Fact]
    public void AlarmCard_OfAnElevator_LinksToItsLedger()
    {
        var card = Render<AlarmCard>(p => p
            .Add(c => c.Alarm, WallData.Trapped("A-1", WallData.Start))
            .Add(c => c.Now, Now)
            .Add(c => c.Zone, TimeZoneInfo.Utc)
            .Add(c => c.OnAct, (_, _, _) => Task.FromResult<string?>(null)));

        card.Find("[data-testid='ledger-link']").GetAttribute("href").ShouldBe($"/elevators/{WallData.Trapped("A-1", WallData.Start).ElevatorId}");
    }

    private static ElevatorLedger Ledger(string officerPhone)
    {
        var overdue = new DutyStanding(DutyStatus.Overdue, null, WallData.Start, WallData.Start, "2026-11-25");
        var fine = new DutyStanding(DutyStatus.Normal, null, WallData.Start.AddDays(1), WallData.Start.AddDays(2), "2026-11-26");
        return new ElevatorLedger(
            "EL-0001", "31106401002026000001", "金凤区 1 号楼", "lift", false,
            new LedgerPlace("G1", "网格一", "1 号楼", "社区一", "街道一", "金凤区"),
            new LedgerUnit("UNIT-001", "物业一", "张经理"),
            new Contact("王安全", officerPhone),
            new Contact("李总监", "13900000002"),
            new LedgerFirm("FIRM-001", "维保一", new Contact("赵值班", "13700000003")),
            new ElevatorDuties("EL-0001", overdue, fine, fine, [], null, fine, fine, fine, null),
            new LedgerStatus(true, WallData.Start, 3, false, Direction.None, DoorState.Closed, ServiceMode.Normal, 1200, 45000, null),
            null,
            [WallData.Trapped("A-1", WallData.Start)],
            new HistoryPage<AlarmSnapshot>(1, 1, 20, [Closed(WallData.Trapped("A-0", WallData.Start.AddDays(-2)))]),
            new HistoryPage<DutyRecordEntry>(41, 1, 20, [Maintenance(), Weekly()]),
            new LedgerHistory(ElevatorLedgers.HistoryChartOf("EL-0001"), "/api/elevators/EL-0001/records", "/api/elevators/EL-0001/alarms"),
            PhonesMasked: true);
    }

    [Fact]
    public void LedgerView_OfAnEscalator_ShowsItsStepsRunningAndItsFaultsWithoutAFloorChart()
    {
        using var _ = new UiCulture("zh-CN");
        var escalator = Ledger(officerPhone: "13800000001") with
        {
            LiftType = "escalator",
            Escalator = true,
            Status = null,
            EscalatorStatus = new LedgerEscalatorStatus(true, WallData.Start, true, EscalatorDirection.Up, 0.5, StepState.Missing, HandrailState.Ok),
        };

        var view = Render<LedgerView>(p => p.Add(v => v.Ledger, escalator).Add(v => v.Now, Now).Add(v => v.Zone, TimeZoneInfo.Utc));

        var status = view.Find("[data-testid='ledger-escalator-status']");
        status.TextContent.ShouldContain("上行");
        status.TextContent.ShouldContain("0.50 米/秒");
        status.QuerySelector("dd.problem")!.TextContent.ShouldBe("梯级或踏板缺失");
        view.FindAll("[data-testid='ledger-floors']").ShouldBeEmpty("an escalator has no floors to chart");
    }

    private static AlarmSnapshot Closed(AlarmSnapshot alarm) => alarm with
    {
        Status = AlarmStatus.Completed,
        Steps = [.. alarm.Steps, new AlarmStep(AlarmStatus.Completed, alarm.OccurredAt.AddMinutes(25), "赵师傅", "已救出")],
    };

    private static DutyRecordEntry Maintenance()
    {
        var record = new MaintenanceRecord(1, "APP-001", 7, WallData.Start, "EL-0001", MaintenanceType.HalfMonth, ["HM-01"], "赵师傅", "FIRM-001", WallData.Start.AddHours(-1), WallData.Start);
        return new DutyRecordEntry("maintenance", "EL-0001", WallData.Start, "half-month", "赵师傅", 1, true, ["HM-31"],
            JsonSerializer.SerializeToElement(record, ProtocolJson.Default.MaintenanceRecord));
    }

    private static DutyRecordEntry Weekly()
    {
        var record = new WeeklyInvestigationRecord(1, "APP-001", 8, WallData.Start, "EL-0001", 2026, 48, "李总监", [new Hazard("层门地坎积尘", HazardSeverity.General, false)]);
        return new DutyRecordEntry("weekly", "EL-0001", WallData.Start, "2026-W48", "李总监", 1, false, [],
            JsonSerializer.SerializeToElement(record, ProtocolJson.Default.WeeklyInvestigationRecord));
    }
}
