using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using CommandCenter.Tests.Grains;
using Shouldly;

namespace CommandCenter.Tests.Rules;

/// <summary>Duty records reach their grid's duties; a serious hazard stops the lift; maintenance items are checked.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DutyRulesTests(ClusterFixture fixture)
{
    private static int _next;

    private async Task<string> NewElevatorAsync()
    {
        var id = $"EL-D{Interlocked.Increment(ref _next):D4}";
        fixture.City.Place(id, ClusterFixture.DemoGrid, ClusterFixture.DemoDistrict, urban: true, "FIRM-A");
        await fixture.Client.GetGrain<IElevatorGrain>(id).ApplyStatusAsync(StatusJson.Report(id, 1, 1, fixture.Time.GetUtcNow()));
        return id;
    }

    private IGridDutiesGrain DutiesOf(string elevator) => GridDuties.OfElevator(fixture.Client, fixture.City, elevator);

    private WeeklyInvestigationRecord Weekly(string elevator, params Hazard[] hazards) =>
        new(1, "APP-1", 1, fixture.Time.GetUtcNow(), elevator, 2026, 48, "李总监", hazards);

    private static readonly string[] HalfMonthItems = [.. MaintenanceItems.Traction.HalfMonth.Select(item => item.Id)];

    private static readonly Hazard BrokenRope = new("曳引绳断股", HazardSeverity.Serious, Fixed: false);

    /// <summary>The hazard work orders opened for one elevator, from the ticket index.</summary>
    private async Task<IReadOnlyList<TicketSummary>> HazardOrdersOfAsync(string elevator, string category = TicketCategoryCodes.ElevatorHazardSerious)
    {
        var page = await TicketIndex.QueryAsync(
            fixture.Client, new TicketQuery { Category = category, Take = 10_000 }, fixture.Time.GetUtcNow());
        return [.. page.Items.Where(t => t.Description.StartsWith($"{elevator}:", StringComparison.Ordinal))];
    }

    [Fact]
    public async Task WeeklyReport_SeriousUnfixedHazard_StopsTheLiftUntilAReportWithoutIt()
    {
        var elevator = await NewElevatorAsync();
        var duties = DutiesOf(elevator);

        await duties.RecordWeeklyAsync(Weekly(elevator, new Hazard("曳引绳断股", HazardSeverity.Serious, Fixed: false), new Hazard("照明", HazardSeverity.General, false)));

        var stopped = await fixture.Client.GetGrain<IElevatorGrain>(elevator).GetSnapshotAsync();
        stopped!.HazardStop.ShouldNotBeNull().ShouldContain("曳引绳断股");
        var standing = await duties.GetElevatorAsync(elevator);
        standing.OpenSeriousHazards.Single().Description.ShouldBe("曳引绳断股");
        var ticket = await fixture.Client.GetGrain<ITicketGrain>(standing.HazardTicketId.ShouldNotBeNull()).GetAsync();
        ticket!.Ticket.Category.ShouldBe(TicketCategoryCodes.ElevatorHazardSerious);
        ticket.Ticket.Source.ShouldBe(TicketSource.InspectionHazard);

        await duties.RecordWeeklyAsync(Weekly(elevator, new Hazard("曳引绳断股", HazardSeverity.Serious, Fixed: true)));

        (await fixture.Client.GetGrain<IElevatorGrain>(elevator).GetSnapshotAsync())!.HazardStop.ShouldBeNull();
    }

    [Fact]
    public async Task WeeklyReport_OlderRecordArrivingAfterANewerStop_DoesNotLiftIt()
    {
        var elevator = await NewElevatorAsync();
        var duties = DutiesOf(elevator);
        var now = fixture.Time.GetUtcNow();
        var lastWeek = new WeeklyInvestigationRecord(1, "APP-1", 1, now.AddDays(-7), elevator, 2026, 47, "李总监", []);
        var thisWeek = new WeeklyInvestigationRecord(1, "APP-1", 2, now, elevator, 2026, 48, "李总监", [BrokenRope]);

        await duties.RecordWeeklyAsync(thisWeek);
        await duties.RecordWeeklyAsync(lastWeek);

        (await fixture.Client.GetGrain<IElevatorGrain>(elevator).GetSnapshotAsync())!.HazardStop.ShouldNotBeNull().ShouldContain("曳引绳断股");
        var standing = await duties.GetElevatorAsync(elevator);
        standing.OpenSeriousHazards.ShouldHaveSingleItem().Description.ShouldBe("曳引绳断股");
        standing.HazardTicketId.ShouldNotBeNull();
        standing.Weekly.LastFiledAt.ShouldBe(now);
    }

    [Fact]
    public async Task WeeklyReport_RetriedAfterACrashBeforeItWasSaved_OpensNoSecondWorkOrder()
    {
        var elevator = await NewElevatorAsync();
        var duties = DutiesOf(elevator);
        await duties.GetElevatorAsync(elevator);
        var record = Weekly(elevator, BrokenRope);
        fixture.Storage.FailNextWrite(duties.GetGrainId());
        await Should.ThrowAsync<Exception>(() => duties.RecordWeeklyAsync(record));
        var opened = (await HazardOrdersOfAsync(elevator)).ShouldHaveSingleItem();
        await Activations.DeactivateAsync(duties);

        await duties.RecordWeeklyAsync(record);

        (await duties.GetElevatorAsync(elevator)).HazardTicketId.ShouldBe(opened.Id);
        (await HazardOrdersOfAsync(elevator)).ShouldHaveSingleItem().Status.ShouldBe(TicketStatus.Dispatched);
    }

    [Fact]
    public async Task WeeklyReport_GeneralUnfixedHazard_OpensAWorkOrderWithItsFixDeadlineAndDoesNotStopTheLift()
    {
        var elevator = await NewElevatorAsync();
        var duties = DutiesOf(elevator);
        var record = Weekly(elevator, new Hazard("层门地坎积尘", HazardSeverity.General, Fixed: false), new Hazard("照明", HazardSeverity.General, Fixed: true));

        await duties.RecordWeeklyAsync(record);
        await duties.RecordWeeklyAsync(record);

        (await fixture.Client.GetGrain<IElevatorGrain>(elevator).GetSnapshotAsync())!.HazardStop.ShouldBeNull();
        var order = (await HazardOrdersOfAsync(elevator, TicketCategoryCodes.ElevatorHazardGeneral)).ShouldHaveSingleItem("one order for the one unfixed hazard, however often the record comes");
        order.Description.ShouldContain("层门地坎积尘");
        order.Source.ShouldBe(TicketSource.InspectionHazard);
        order.Status.ShouldBe(TicketStatus.Dispatched);
        order.DeadlineAt.ShouldNotBeNull().ShouldBeGreaterThan(fixture.Time.GetUtcNow() + TimeSpan.FromDays(7), "ten working days to fix");
        fixture.History.RecordsAbout(elevator).Select(r => r.Record).OfType<WeeklyInvestigationRecord>().ShouldContain(w => w.Hazards.Count == 2, "the history keeps the record whole");
    }

    [Fact]
    public async Task Record_WhileTheHistoryStoreIsDown_IsRefusedSoTheAppSendsItAgain()
    {
        var elevator = await NewElevatorAsync();
        var duties = DutiesOf(elevator);
        var daily = new DailyCheckRecord(1, "APP-1", 1, fixture.Time.GetUtcNow(), elevator, DateOnly.FromDateTime(fixture.Time.GetUtcNow().UtcDateTime), "王安全", true, []);

        fixture.History.Unreachable = true;
        try
        {
            await Should.ThrowAsync<InvalidOperationException>(() => duties.RecordDailyAsync(daily));
        }
        finally
        {
            fixture.History.Unreachable = false;
        }

        (await duties.GetElevatorAsync(elevator)).Daily.LastFiledAt.ShouldBeNull("not counted before it is kept");
        await duties.RecordDailyAsync(daily);
        (await duties.GetElevatorAsync(elevator)).Daily.LastFiledAt.ShouldNotBeNull();
        fixture.History.RecordsAbout(elevator).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task MonthlyRecord_OlderArrivingAfterNewer_KeepsTheNewerAsLastFiled()
    {
        var unit = $"UNIT-D{Interlocked.Increment(ref _next):D4}";
        var duties = GridDuties.OfUnit(fixture.Client, fixture.City, unit);
        var now = fixture.Time.GetUtcNow();

        await duties.RecordMonthlyAsync(new MonthlySchedulingRecord(1, "APP-1", 2, now, unit, 2026, 11, "张主任", "纪要", "下月重点"));
        await duties.RecordMonthlyAsync(new MonthlySchedulingRecord(1, "APP-1", 1, now.AddMonths(-1), unit, 2026, 10, "张主任", "纪要", "下月重点"));

        (await duties.GetUnitAsync(unit)).LastFiledAt.ShouldBe(now);
    }

    [Fact]
    public async Task Records_DailyAndMaintenance_UpdateTheStandings()
    {
        var elevator = await NewElevatorAsync();
        var duties = DutiesOf(elevator);
        var now = fixture.Time.GetUtcNow();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);

        await duties.RecordDailyAsync(new DailyCheckRecord(1, "APP-1", 1, now, elevator, today, "王安全", true, []));
        await duties.RecordMaintenanceAsync(new MaintenanceRecord(1, "APP-1", 1, now, elevator, MaintenanceType.HalfMonth, HalfMonthItems, "赵", "FIRM-A", now.AddHours(-1), now));

        var standing = await duties.GetElevatorAsync(elevator);
        standing.Daily.Status.ShouldBe(DutyStatus.Normal);
        standing.Daily.LastFiledAt.ShouldBe(now);
        standing.Maintenance.DueAt.ShouldBe(now.AddDays(15));
    }

    [Fact]
    public async Task Maintenance_NotDoneForFifteenDays_IsOverdue()
    {
        var elevator = await NewElevatorAsync();
        var duties = DutiesOf(elevator);
        var now = fixture.Time.GetUtcNow();
        await duties.RecordMaintenanceAsync(new MaintenanceRecord(1, "APP-1", 1, now, elevator, MaintenanceType.HalfMonth, HalfMonthItems, "赵", "FIRM-A", now.AddHours(-1), now));

        fixture.Time.Advance(TimeSpan.FromDays(15) + TimeSpan.FromMinutes(1));

        (await duties.GetElevatorAsync(elevator)).Maintenance.Status.ShouldBe(DutyStatus.Overdue);
    }

    [Fact]
    public async Task Maintenance_RecordMissingRequiredItems_IsKeptAndFlaggedAndDoesNotCountForTheCycle()
    {
        var elevator = await NewElevatorAsync();
        var duties = DutiesOf(elevator);
        var now = fixture.Time.GetUtcNow();

        await duties.RecordMaintenanceAsync(new MaintenanceRecord(
            1, "APP-1", 1, now, elevator, MaintenanceType.HalfMonth, [.. HalfMonthItems.Where(id => id is not ("HM-05" or "HM-29"))], "赵", "FIRM-A", now.AddHours(-1), now));

        var standing = await duties.GetElevatorAsync(elevator);
        var visit = standing.LastMaintenance.ShouldNotBeNull();
        visit.Complete.ShouldBeFalse();
        visit.MissingItems.ShouldBe(["HM-05", "HM-29"]);
        visit.Technician.ShouldBe("赵");
        fixture.History.RecordsAbout(elevator).ShouldHaveSingleItem().MissingItems.ShouldBe(["HM-05", "HM-29"]);
        standing.Maintenance.LastFiledAt.ShouldBeNull("an incomplete half-monthly visit does not reset the 15-day cycle");
        await Eventually.TrueAsync(
            async () => (await fixture.Client.GetGrain<IAreaGrain>(AreaKeys.Grid(ClusterFixture.DemoGrid)).GetContributionsAsync())
                .GetValueOrDefault("duties")?[AreaMetrics.MaintenanceIncomplete] > 0,
            TimeSpan.FromSeconds(10),
            "the grid to count the incomplete visit");
    }

    [Fact]
    public async Task Maintenance_CompleteQuarterlyVisit_CoversTheHalfMonthlyCycleButNotTheHalfYearlyOne()
    {
        var elevator = await NewElevatorAsync();
        var duties = DutiesOf(elevator);
        var now = fixture.Time.GetUtcNow();
        var quarterly = MaintenanceItems.Traction.RequiredFor(MaintenanceType.Quarterly).Select(item => item.Id).ToArray();

        await duties.RecordMaintenanceAsync(new MaintenanceRecord(1, "APP-1", 1, now, elevator, MaintenanceType.Quarterly, quarterly, "赵", "FIRM-A", now.AddHours(-1), now));

        var standing = await duties.GetElevatorAsync(elevator);
        quarterly.Length.ShouldBe(44);
        standing.LastMaintenance.ShouldNotBeNull().Complete.ShouldBeTrue();
        standing.Maintenance.DueAt.ShouldBe(now.AddDays(15));
        standing.QuarterlyMaintenance.DueAt.ShouldBe(now.AddDays(91));
        standing.HalfYearMaintenance.LastFiledAt.ShouldBeNull();
    }
}
