using CommandCenter.Components.Ops;
using CommandCenter.Ops;
using CommandCenter.TelemetryIngest.DeadLetters;
using CommandCenter.TelemetryIngest.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.UiTests;

/// <summary>The operations page's panels, drawn from figures as the data service reads them, in both languages.</summary>
public sealed class OpsPanelTests : BunitContext
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static readonly DeadLetter BadJson = new(
        Now.AddSeconds(-30), RejectReason.BadJson, "'x' is an invalid start of a value", "cc/v1/elevators/EL-0001/status", "EL-0001", "EL-0001", 9, "{not json");

    private static readonly DeadLetter OutOfRange = new(
        Now.AddMinutes(-2), RejectReason.OutOfRange, "floor 999 is outside -5..200", "cc/v1/elevators/EL-0002/status", "EL-0002", "EL-0002", 80, """{"floor":999}""");

    public OpsPanelTests() => Services.AddLocalization();

    [Theory]
    [InlineData("zh-CN", "非 JSON", "超出范围", "全部原因")]
    [InlineData("en", "not JSON", "out of range", "All reasons")]
    public void DeadLetterPanel_TwoLetters_ListsEachWithDeviceReasonAndPayloadInTheLanguage(string language, string badJson, string outOfRange, string anyReason)
    {
        using var culture = new UiCulture(language);

        var panel = Render<DeadLetterPanel>(p => p
            .Add(c => c.Rejects, [new ReasonCount(RejectReason.BadJson, 1200), new ReasonCount(RejectReason.OutOfRange, 3)])
            .Add(c => c.Letters, [BadJson, OutOfRange])
            .Add(c => c.Now, Now)
            .Add(c => c.Zone, Zone));

        var rows = panel.FindAll("[data-testid='dead-letter']");
        rows.Select(r => r.GetAttribute("data-device")).ShouldBe(["EL-0001", "EL-0002"]);
        rows[0].TextContent.ShouldContain(badJson);
        rows[0].TextContent.ShouldContain("{not json");
        rows[0].TextContent.ShouldContain("16:59:30", Case.Sensitive, "the time is the city's");
        rows[1].TextContent.ShouldContain(outOfRange);
        panel.Find("[data-testid='rejects-by-reason'] [data-reason='BadJson']").TextContent.ShouldContain("1,200");
        panel.Find("[data-testid='filter-reason'] option").TextContent.ShouldBe(anyReason);
    }

    [Fact]
    public void DeadLetterPanel_ChoosingAReasonOrADevice_AsksForThatFilterKeepingTheOther()
    {
        using var culture = new UiCulture("en");
        var asked = new List<(RejectReason?, string?)>();
        var panel = Render<DeadLetterPanel>(p => p
            .Add(c => c.Rejects, [new ReasonCount(RejectReason.BadJson, 1)])
            .Add(c => c.Letters, [])
            .Add(c => c.Device, "EL-0001")
            .Add(c => c.OnFilter, (Action<(RejectReason?, string?)>)asked.Add)
            .Add(c => c.Now, Now)
            .Add(c => c.Zone, Zone));

        panel.Find("[data-testid='filter-reason']").Change(nameof(RejectReason.OutOfRange));
        panel.Find("[data-testid='filter-device']").Change("  EL-0009 ");
        panel.Find("[data-testid='filter-clear']").Click();

        asked.ShouldBe([(RejectReason.OutOfRange, "EL-0001"), (null, "EL-0009"), (null, null)]);
        panel.Find("[data-testid='no-dead-letters']").TextContent.ShouldBe("No dead letter matches.");
    }

    [Theory]
    [InlineData("zh-CN", "不可达", "滞后 3 min 04 s", "内置")]
    [InlineData("en", "unreachable", "lag 3 min 04 s", "embedded")]
    public void OpsKpis_InfluxDown_ShowsRatesLagAndConnectionsInTheLanguage(string language, string unreachable, string lag, string embedded)
    {
        using var culture = new UiCulture(language);
        var snapshot = Snapshot() with
        {
            Spool = new SpoolFigures(12_000, 3 << 20, 1L << 30, InfluxReachable: false, Now.AddSeconds(-184), TimeSpan.FromSeconds(184)),
        };

        var kpis = Render<OpsKpis>(p => p.Add(c => c.Snapshot, snapshot));
        var pipeline = Render<PipelinePanel>(p => p.Add(c => c.Spool, snapshot.Spool).Add(c => c.Broker, snapshot.Broker).Add(c => c.Now, Now).Add(c => c.Zone, Zone));

        kpis.Find("[data-kpi='accepted']").TextContent.ShouldBe("2,512.5");
        kpis.Find("[data-kpi='written']").TextContent.ShouldBe("—", "no rate until two reads");
        kpis.Find("[data-kpi='spooled']").TextContent.ShouldBe("12,000");
        kpis.Find("[data-kpi='influx']").TextContent.ShouldContain(unreachable);
        kpis.Find("[data-kpi='influx']").TextContent.ShouldContain(lag);
        kpis.Find("[data-kpi='connections']").TextContent.ShouldBe("42");
        kpis.Find("[data-kpi='failed-deliveries']").TextContent.ShouldBe("1");
        pipeline.Find("[data-testid='broker']").TextContent.ShouldContain(embedded);
        pipeline.Find("[data-testid='spool']").TextContent.ShouldContain("3 MiB");
        pipeline.Find("[data-testid='refused-connects'] [data-reason='UnknownDevice']").TextContent.ShouldContain("7");
    }

    [Theory]
    [InlineData("zh-CN", "活动", "已下线", "本 Silo")]
    [InlineData("en", "active", "dead", "this silo")]
    public void SiloTable_AnActiveAndADeadSilo_ShowsLoadOfTheActiveOneOnly(string language, string active, string dead, string thisSilo)
    {
        using var culture = new UiCulture(language);

        var table = Render<SiloTable>(p => p.Add(c => c.Silos, Snapshot().Silos).Add(c => c.Now, Now).Add(c => c.Zone, Zone));

        var rows = table.FindAll("[data-testid='silo']");
        rows[0].TextContent.ShouldContain(active);
        rows[0].TextContent.ShouldContain(thisSilo);
        rows[0].TextContent.ShouldContain("1,234");
        rows[0].TextContent.ShouldContain("37.5 %");
        rows[1].TextContent.ShouldContain(dead);
        rows[1].TextContent.ShouldContain("—");
    }

    [Theory]
    [InlineData("zh-CN", "电梯履历", "1,826 天", "失败", "审计日志")]
    [InlineData("en", "Elevators' history", "1,826 days", "failed", "Audit log")]
    public void RetentionPanel_Stores_ShowWhatEachKeepsTheOldestItemAndAFailedSweep(string language, string history, string keep, string failed, string audit)
    {
        using var culture = new UiCulture(language);
        CommandCenter.Retention.StoreRetention[] stores =
        [
            new("elevator-history", "ElevatorHistory:KeepDays", TimeSpan.FromDays(1826), Now.AddDays(-400), Now.AddMinutes(-5), 12, Now.AddMinutes(-1)),
            new("dead-letters", "DeadLetters:KeepDays", TimeSpan.FromDays(30), Now.AddDays(-29), Now.AddMinutes(-5), 0),
            new("audit", "Audit:RetentionDays", TimeSpan.FromDays(400), Now.AddDays(-399), Now.AddMinutes(-5), 3),
        ];

        var panel = Render<RetentionPanel>(p => p.Add(c => c.Stores, stores).Add(c => c.Now, Now).Add(c => c.Zone, TimeZoneInfo.Utc));

        var row = panel.Find("[data-store='elevator-history']");
        row.TextContent.ShouldContain(history);
        row.TextContent.ShouldContain(keep);
        row.QuerySelector("[data-testid='retention-failed']")!.TextContent.ShouldContain(failed);
        panel.Find("[data-store='dead-letters']").QuerySelector("[data-testid='retention-failed']").ShouldBeNull();
        panel.Find("[data-store='audit']").TextContent.ShouldContain(audit);
    }

    [Theory]
    [InlineData("zh-CN", "死信 (deadletters.db)", "所在磁盘可用")]
    [InlineData("en", "Dead letters (deadletters.db)", "Free on its volume")]
    public void DiskPanel_Stores_NamesEachWithItsSize(string language, string deadLetters, string free)
    {
        using var culture = new UiCulture(language);

        var panel = Render<DiskPanel>(p => p.Add(c => c.Disk, Snapshot().Disk));

        panel.Find("[data-store='DeadLetters']").TextContent.ShouldContain(deadLetters);
        panel.Find("[data-store='DeadLetters']").TextContent.ShouldContain("1.5 MiB");
        panel.Find("[data-testid='free-space']").TextContent.ShouldContain(free);
    }

    [Theory]
    [InlineData("zh-CN", "短信", "安全员 李安")]
    [InlineData("en", "SMS", "safety officer 李安")]
    public void FailedDeliveriesPanel_AFailedSms_ShowsChannelRecipientAndResultWithoutThePhone(string language, string sms, string recipient)
    {
        using var culture = new UiCulture(language);

        var panel = Render<FailedDeliveriesPanel>(p => p.Add(c => c.Deliveries, Snapshot().FailedDeliveries).Add(c => c.Now, Now).Add(c => c.Zone, Zone));

        var row = panel.Find("[data-testid='failed-delivery']");
        row.TextContent.ShouldContain(sms);
        row.TextContent.ShouldContain(recipient);
        row.TextContent.ShouldContain("HTTP 500 down");
        row.TextContent.ShouldNotContain("13800000012");
    }

    private static OpsSnapshot Snapshot() => new(
        Now,
        new IngestFigures(1_000_000, 1203, 5, 0, 999_000, 2512.5, 0.4, null),
        [new ReasonCount(RejectReason.BadJson, 1200), new ReasonCount(RejectReason.OutOfRange, 3)],
        [BadJson, OutOfRange],
        new SpoolFigures(0, 0, 1L << 30, InfluxReachable: true, Now.AddSeconds(-1), TimeSpan.Zero),
        new BrokerFigures(nameof(CommandCenter.TelemetryIngest.Broker.MqttMode.Embedded), true, "embedded broker on 127.0.0.1:1883, 42 connections", 42, 10_000,
            [new ReasonCount(RejectReason.UnknownDevice, 7)]),
        [
            new SiloFigures("127.0.0.1:11111@1", "silo-1", "host-a", "Active", true, Now.AddHours(-5), Now.AddSeconds(-10),
                new SiloLoad(1234, 37.5f, 800 << 20, 2L << 30, false, 0, 5000, 4000)),
            new SiloFigures("127.0.0.1:11112@1", "silo-2", "host-b", "Dead", false, Now.AddHours(-9), Now.AddHours(-2), null),
        ],
        new FailedDeliveries(1, [new FailedDelivery("alarm/EL-0001/11/1", "FirstContacts", "sms", "SafetyOfficer", "李安", 5, Now.UtcDateTime.AddMinutes(-10), Now.UtcDateTime.AddMinutes(-5), "HTTP 500 down")]),
        new DiskUse("/data", [new StoreDisk(DataStore.Grains, 20 << 20, 3), new StoreDisk(DataStore.DeadLetters, 3 << 19, 1)], 50L << 30, 100L << 30),
        []);
}
