using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using Shouldly;

namespace CommandCenter.Tests.Elevators;

/// <summary>
/// The elevators' history in the relational store of the real process: duty records filed over MQTT by the city's
/// safety app, and a closed alarm, kept whole, paged on <c>/api/elevators/{id}/records</c> and <c>/alarms</c>, shown
/// on the ledger, and still there after a restart. The command center is this class's own.
/// </summary>
public sealed class ElevatorHistoryTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly CityDirectory Places = new(TestCity.Demo);
    private static readonly ElevatorInfo[] Lifts = [.. TestCity.Demo.Elevators.Where(e => !e.Escalator).Take(2)];

    private InfluxServer _influx = default!;
    private CommandCenterProcess _host = default!;
    private string _dataFolder = "";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _dataFolder = TestCity.CreateDataFolder();
        _influx = await InfluxServer.StartAsync();
        _host = await CommandCenterProcess.StartAsync(_influx.Url, $"--Data:Path={_dataFolder}");
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _influx.DisposeAsync();
        Directory.Delete(_dataFolder, recursive: true);
    }

    [Fact]
    public async Task Records_FiledOverMqtt_AreKeptWholePagedOnTheLedgerOpenAWorkOrderForAGeneralHazardAndSurviveARestart()
    {
        var lift = Lifts[0];
        var unit = Places.FindElevator(lift.Id)!.Unit.Id;
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var app = TestDevices.CityApp;
        var seq = 0L;
        var halfMonthItems = Enumerable.Range(1, 30).Select(n => $"HM-{n:D2}").ToArray(); // HM-31 left out
        await using (var client = await MqttTestClient.ConnectAsync(_host.MqttPort, app))
        {
            for (var day = 0; day < 25; day++)
            {
                var daily = new DailyCheckRecord(1, app, ++seq, now, lift.Id, today.AddDays(-day), "王安全", day != 0, day == 0 ? [new RiskFinding("轿厢照明", "一盏灯不亮")] : []);
                await PublishAsync(client, MessageKind.DailyCheck, JsonSerializer.Serialize(daily, ProtocolJson.Default.DailyCheckRecord));
            }

            var week = System.Globalization.ISOWeek.GetWeekOfYear(now.UtcDateTime);
            var weekly = new WeeklyInvestigationRecord(1, app, ++seq, now, lift.Id, System.Globalization.ISOWeek.GetYear(now.UtcDateTime), week, "李总监",
                [new Hazard("层门地坎积尘", HazardSeverity.General, false), new Hazard("限速器开关松动", HazardSeverity.Serious, true)]);
            await PublishAsync(client, MessageKind.WeeklyInvestigation, JsonSerializer.Serialize(weekly, ProtocolJson.Default.WeeklyInvestigationRecord));
            var monthly = new MonthlySchedulingRecord(1, app, ++seq, now, unit, now.Year, now.Month, "张主任", "讨论了三号楼电梯门锁问题", "更换门锁");
            await PublishAsync(client, MessageKind.MonthlyScheduling, JsonSerializer.Serialize(monthly, ProtocolJson.Default.MonthlySchedulingRecord));
            var maintenance = new MaintenanceRecord(1, app, ++seq, now, lift.Id, MaintenanceType.HalfMonth, halfMonthItems, "赵师傅", lift.MaintenanceFirmId, now.AddHours(-1), now);
            await PublishAsync(client, MessageKind.Maintenance, JsonSerializer.Serialize(maintenance, ProtocolJson.Default.MaintenanceRecord));
        }

        using var desk = await _host.SignInAsync("operator");
        var records = $"/api/elevators/{lift.Id}/records";
        var first = await Eventually.ValueAsync(
            async () => await desk.GetFromJsonAsync<JsonElement>($"{records}?pageSize=10", Cancel) is var page && page.GetProperty("total").GetInt32() == 28 ? (object)page : null,
            Patience, "the 28 records in the history");
        var firstPage = (JsonElement)first;
        (firstPage.GetProperty("page").GetInt32(), firstPage.GetProperty("pages").GetInt32(), firstPage.GetProperty("items").GetArrayLength()).ShouldBe((1, 3, 10));
        var lastDaily = await desk.GetFromJsonAsync<JsonElement>($"{records}?kind=daily&page=3&pageSize=10", Cancel);
        (lastDaily.GetProperty("total").GetInt32(), lastDaily.GetProperty("items").GetArrayLength()).ShouldBe((25, 5));

        // Kept whole: the risk found, the hazards with severity and fix status, the minutes, the items and what is missing.
        var risky = (await desk.GetFromJsonAsync<JsonElement>($"{records}?kind=daily&pageSize=100", Cancel)).GetProperty("items").EnumerateArray()
            .Single(r => r.GetProperty("period").GetString() == today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        risky.GetProperty("record").GetProperty("risks")[0].GetProperty("note").GetString().ShouldBe("一盏灯不亮");
        var hazards = (await OnlyAsync(desk, records, "weekly")).GetProperty("record").GetProperty("hazards");
        (hazards[0].GetProperty("severity").GetString(), hazards[0].GetProperty("fixed").GetBoolean()).ShouldBe(("general", false));
        (await OnlyAsync(desk, records, "monthly")).GetProperty("record").GetProperty("minutes").GetString().ShouldBe("讨论了三号楼电梯门锁问题");
        var kept = await OnlyAsync(desk, records, "maintenance");
        kept.GetProperty("flagged").GetBoolean().ShouldBeTrue("a half-monthly record without HM-31 lacks a required item");
        kept.GetProperty("missingItems").EnumerateArray().Select(i => i.GetString()).ShouldBe(["HM-31"]);
        (kept.GetProperty("record").GetProperty("technician").GetString(), kept.GetProperty("record").GetProperty("itemsDone").GetArrayLength()).ShouldBe(("赵师傅", 30));

        // The unfixed general hazard became a work order with the category's fix deadline; the fixed serious one did not stop the lift.
        var order = await Eventually.ValueAsync(
            async () => (await desk.GetFromJsonAsync<JsonElement>($"/api/tickets/?category={TicketCategoryCodes.ElevatorHazardGeneral}&pageSize=100", Cancel))
                .GetProperty("items").EnumerateArray().Where(t => t.GetProperty("description").GetString()!.Contains(lift.Id, StringComparison.Ordinal))
                .Select(t => (object?)t).FirstOrDefault(),
            Patience, "the general hazard's work order");
        ((JsonElement)order).GetProperty("description").GetString()!.ShouldContain("层门地坎积尘");
        ((JsonElement)order).GetProperty("location").GetProperty("elevatorId").GetString().ShouldBe(lift.Id, "the order links to the lift's ledger");

        // The ledger page lists them, with the flagged maintenance record's missing item.
        var ledgerPage = await desk.GetStringAsync($"/elevators/{lift.Id}", Cancel);
        ledgerPage.ShouldContain("data-testid=\"ledger-records\" data-total=\"28\"");
        ledgerPage.ShouldContain("data-flagged=\"true\"");

        // Bad paging or kinds are refused saying why.
        using var badKind = await desk.GetAsync($"{records}?kind=yearly", Cancel);
        badKind.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badKind.Content.ReadAsStringAsync(Cancel)).ShouldContain("yearly");
        using var badPage = await desk.GetAsync($"{records}?page=0", Cancel);
        badPage.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        _host = await _host.RestartAsync();
        using var afterRestart = await _host.SignInAsync("operator");
        var again = await afterRestart.GetFromJsonAsync<JsonElement>($"{records}?pageSize=10", Cancel);
        again.GetProperty("total").GetInt32().ShouldBe(28, "the history is in the relational store, not in memory");
    }

    [Fact]
    public async Task ClosedAlarm_MovesToTheHistoryWithItsSteps_AndTheLedgerPagesIt()
    {
        var lift = Lifts[1];
        var firm = lift.MaintenanceFirmId;
        using var desk = await _host.SignInAsync("operator");
        using var reported = await desk.PostAsJsonAsync(
            "/api/alarms/", new { elevatorId = lift.Id, code = FaultCodes.TrappedPassenger, callerName = "张女士", callerPhone = "13800138000", note = (string?)null }, Cancel);
        reported.IsSuccessStatusCode.ShouldBeTrue(await reported.Content.ReadAsStringAsync(Cancel));
        var alarmId = (await reported.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString()!;
        foreach (var action in new[] { "arrive", "complete" })
        {
            using var acted = await desk.PostAsJsonAsync($"/api/alarms/act?id={Uri.EscapeDataString(alarmId)}&action={action}", new { comment = $"{action} by test" }, Cancel);
            acted.IsSuccessStatusCode.ShouldBeTrue(await acted.Content.ReadAsStringAsync(Cancel));
        }

        using var firmClient = await _host.SignInAsync($"firm-{firm}");
        foreach (var reader in new[] { desk, firmClient })
        {
            var closed = await Eventually.ValueAsync(
                async () => await reader.GetFromJsonAsync<JsonElement>($"/api/elevators/{lift.Id}/alarms", Cancel) is var page && page.GetProperty("total").GetInt32() == 1 ? (object)page : null,
                Patience, "the closed alarm in the history");
            var alarm = ((JsonElement)closed).GetProperty("items")[0];
            alarm.GetProperty("id").GetString().ShouldBe(alarmId);
            alarm.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("status").GetString()).ShouldBe(["Occurred", "Arrived", "Completed"]);
            alarm.GetProperty("caller").GetProperty("name").GetString().ShouldBe("张女士");
        }

        var ledger = await desk.GetFromJsonAsync<JsonElement>($"/api/elevators/{lift.Id}/ledger", Cancel);
        ledger.GetProperty("openAlarms").GetArrayLength().ShouldBe(0);
        ledger.GetProperty("closedAlarms").GetProperty("items")[0].GetProperty("id").GetString().ShouldBe(alarmId);
        ledger.GetProperty("history").GetProperty("alarms").GetString().ShouldBe($"/api/elevators/{lift.Id}/alarms");
        (await desk.GetStringAsync($"/elevators/{lift.Id}", Cancel)).ShouldContain($"data-alarm=\"{alarmId}\"");
    }

    private static async Task PublishAsync(MqttTestClient client, MessageKind kind, string json)
    {
        var result = await client.PublishAsync(Topics.For(kind, TestDevices.CityApp), json);
        result.IsSuccess.ShouldBeTrue($"{kind}: {result.ReasonCode} {result.ReasonString}");
    }

    private static async Task<JsonElement> OnlyAsync(HttpClient client, string records, string kind) =>
        (await client.GetFromJsonAsync<JsonElement>($"{records}?kind={kind}", Cancel)).GetProperty("items").EnumerateArray().ShouldHaveSingleItem();
}
