using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using Microsoft.Playwright;
using Shouldly;

namespace CommandCenter.BrowserTests;

/// <summary>
/// The firm console and the operator desk in Debian's Chromium: a firm acts on its own alarm and never
/// sees another firm's, an operator takes a work order from report to dispatch; the audit log has
/// every step with who took it and from where.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ConsoleTests(BrowserFixture browser, DemoCityFixture fixture) : IClassFixture<DemoCityFixture>, IAsyncDisposable
{
    public ValueTask DisposeAsync() => browser.CloseContextsAsync();

    private const float Timeout = 15_000;
    private static readonly (string A, string B) Firms = TestCity.TwoBusiestFirms();

    private CommandCenterProcess Host => fixture.City.Host;

    [Fact]
    public async Task FirmConsole_TrappedPassenger_FirmActsThroughToCompletionAndNeverSeesAnotherFirmsAlarm()
    {
        var liftOfA = TestCity.ElevatorsOf(Firms.A)[0];
        var liftOfB = TestCity.ElevatorsOf(Firms.B)[0];
        var page = await OpenConsoleAsync(TestCity.FirmUser(Firms.A), "/firm");
        await Assertions.Expect(page.Locator("[data-testid='firm-name']")).ToHaveAttributeAsync("data-firm", Firms.A);

        await RaiseTrappedPassengerAsync(liftOfB);
        await RaiseTrappedPassengerAsync(liftOfA);

        var card = page.Locator($"[data-testid='firm-alarms'] [data-elevator='{liftOfA}']");
        await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Assertions.Expect(card.Locator("[data-testid='countdown']")).ToHaveTextAsync(Countdown(), new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("[data-testid='alarm-sound']")).Not.ToHaveAttributeAsync("data-beeps", "0");
        var alarmId = (await card.GetAttributeAsync("data-alarm"))!;

        await card.Locator("[data-action='Complete']").ClickAsync();
        await Assertions.Expect(card.Locator("[data-testid='alarm-error']")).ToContainTextAsync("不能执行 complete");

        await StepAsync(card, "Respond", "收到,15分钟到 On our way", "Responded");
        await Screenshots.SaveAsync(page, "firm-console.png", fullPage: true);
        await StepAsync(card, "Arrive", "已到现场 On site", "Arrived");
        await Assertions.Expect(card.Locator("[data-testid='countdown']")).ToHaveCountAsync(0);
        await card.Locator("[data-testid='alarm-comment']").FillAsync("乘客已安全救出 Passenger out safely");
        await card.Locator("[data-action='Complete']").ClickAsync();

        await Assertions.Expect(card).ToHaveCountAsync(0, new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator($"[data-testid='firm-closed'] [data-alarm='{alarmId}']")).ToHaveAttributeAsync("data-status", "Completed");
        var steps = (await Host.Http.GetFromJsonAsync<JsonElement>($"/api/alarms/{alarmId}", TestContext.Current.CancellationToken)).GetProperty("steps").EnumerateArray().ToList();
        steps.Skip(1).ShouldAllBe(step => step.GetProperty("actor").GetString() == TestCity.FirmUser(Firms.A));
        steps.Select(step => step.GetProperty("comment").GetString()).ShouldContain("乘客已安全救出 Passenger out safely");
        var firmUser = TestCity.FirmUser(Firms.A);
        (await AuditOfAsync(alarmId)).ShouldBe(
        [
            $"alarm-step by {firmUser} (firm) from 127.0.0.1: Complete → Completed",
            $"alarm-step by {firmUser} (firm) from 127.0.0.1: Arrive → Arrived",
            $"alarm-step by {firmUser} (firm) from 127.0.0.1: Respond → Responded",
        ]);
        // Firm B's alarm was raised first, so by now it would have shown; nothing of firm B is on the page.
        (await page.ContentAsync()).ShouldNotContain(liftOfB);
    }

    [Fact]
    public async Task FirmConsole_OperatorClosesAFirmsAlarmAsFalse_IsNamedAsTheStepsActor()
    {
        const string Operator = "operator";
        const string Comment = "物业确认无人被困 The building confirmed nobody is trapped";
        var lift = TestCity.ElevatorsOf(Firms.B)[1];
        var page = await OpenConsoleAsync(Operator, $"/firm?firmId={Firms.B}");
        await Assertions.Expect(page.Locator("[data-testid='firm-name']")).ToHaveAttributeAsync("data-firm", Firms.B);

        await RaiseTrappedPassengerAsync(lift);
        var card = page.Locator($"[data-testid='firm-alarms'] [data-elevator='{lift}']");
        await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Timeout });
        var alarmId = (await card.GetAttributeAsync("data-alarm"))!;
        await card.Locator("[data-testid='alarm-comment']").FillAsync(Comment);
        await card.Locator("[data-action='FalseAlarm']").ClickAsync();

        var closed = page.Locator($"[data-testid='firm-closed'] [data-alarm='{alarmId}']");
        await Assertions.Expect(closed).ToHaveAttributeAsync("data-status", "FalseAlarm", new() { Timeout = Timeout });
        await Assertions.Expect(closed).ToContainTextAsync(Operator);
        var steps = (await Host.Http.GetFromJsonAsync<JsonElement>($"/api/alarms/{alarmId}", TestContext.Current.CancellationToken)).GetProperty("steps");
        var last = steps[steps.GetArrayLength() - 1];
        last.GetProperty("actor").GetString().ShouldBe(Operator);
        last.GetProperty("comment").GetString().ShouldBe(Comment);
    }

    [Fact]
    public async Task FirmUser_OpensTheDeskOrAnotherFirmThenLogsOut_IsRefusedThenSignedOut()
    {
        var page = await OpenConsoleAsync(TestCity.FirmUser(Firms.A), "/firm");

        await page.GotoAsync($"{Host.BaseUrl}/firm?firmId={Firms.B}");
        await Assertions.Expect(page.Locator("[data-testid='firm-problem']")).ToContainTextAsync($"不能查看维保单位 {Firms.B}");
        await page.GotoAsync($"{Host.BaseUrl}/desk");

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login\\?ReturnUrl=%2Fdesk$"));
        await Assertions.Expect(page.Locator("[data-testid='login-denied']")).ToContainTextAsync("此账号无法打开 /desk");
        await Assertions.Expect(page.Locator("[data-testid='nav-desk']")).ToHaveCountAsync(0);

        await page.Locator("[data-testid='logout']").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login$"));
        await page.GotoAsync($"{Host.BaseUrl}/firm");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login\\?ReturnUrl=%2Ffirm$"));
        await Assertions.Expect(page.Locator("[data-testid='signed-in-as']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Desk_Operator_ReportsFilesAndDispatchesAWorkOrderAndSeesItsAuditTrail()
    {
        var grid = TestCity.Demo.Districts[0].Streets[0].Communities[0].Grids[0];
        var community = TestCity.Demo.Districts[0].Streets[0].Communities[0];
        var description = $"小区门口垃圾堆放 Garbage piled at the gate ({Guid.NewGuid():N})";
        var page = await OpenConsoleAsync("operator", "/desk");

        await page.Locator("[data-testid='new-report']").ClickAsync();
        await page.Locator("[data-testid='report-category']").SelectOptionAsync("exposed-garbage");
        await page.Locator("[data-testid='report-grid']").FillAsync(grid.Id);
        await page.Locator("[data-testid='report-description']").FillAsync(description);
        await page.Locator("[data-testid='report-submit']").ClickAsync();

        var detail = page.Locator("[data-testid='ticket-detail']");
        await Assertions.Expect(detail.Locator("[data-testid='detail-status']")).ToContainTextAsync("已上报", new() { Timeout = Timeout });
        var ticketId = (await detail.Locator("[data-testid='ticket-id']").TextContentAsync())!;
        await Assertions.Expect(page.Locator($"[data-testid='ticket-table'] [data-ticket='{ticketId}']")).ToBeVisibleAsync();

        await detail.Locator("[data-action='File']").ClickAsync();
        await Assertions.Expect(detail.Locator("[data-testid='detail-status']")).ToContainTextAsync("已立案");
        await detail.Locator("[data-action='Dispatch']").ClickAsync();
        await Assertions.Expect(detail.Locator("[data-testid='ticket-error']")).ToContainTextAsync("派遣须指定对象");
        await detail.Locator("[data-testid='dispatch-level']").SelectOptionAsync("Community");
        await detail.Locator("[data-testid='dispatch-target']").FillAsync(community.Id);
        await detail.Locator("[data-testid='dispatch-assignee']").FillAsync("城管队员 Officer Ma");
        await detail.Locator("[data-testid='ticket-comment']").FillAsync("请今日处理 Please clear it today");
        await detail.Locator("[data-action='Dispatch']").ClickAsync();

        await Assertions.Expect(detail.Locator("[data-testid='detail-status']")).ToContainTextAsync("已派遣");
        var audit = detail.Locator("[data-testid='audit-trail'] tbody tr");
        await Assertions.Expect(audit).ToHaveCountAsync(3);
        (await audit.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.action)")).ShouldBe(["Report", "File", "Dispatch"]);
        await Assertions.Expect(audit.Nth(2)).ToContainTextAsync("请今日处理 Please clear it today");
        await Assertions.Expect(page.Locator($"[data-ticket='{ticketId}'] [data-testid='ticket-status']")).ToContainTextAsync("已派遣");
        (await AuditOfAsync(ticketId)).ShouldBe(
        [
            $"ticket-step by operator (operator) from 127.0.0.1: Dispatch → Dispatched, to community/{community.Id}",
            "ticket-step by operator (operator) from 127.0.0.1: File → Filed",
            "ticket-report by operator (operator) from 127.0.0.1: Hotline12345, exposed-garbage",
        ]);
        await Screenshots.SaveAsync(page, "desk.png", fullPage: true);

        await page.Locator("[data-testid='filter-overdue']").CheckAsync();
        await Assertions.Expect(page.Locator($"[data-testid='ticket-table'] [data-ticket='{ticketId}']")).ToHaveCountAsync(0);
        await page.Locator("[data-testid='filter-overdue']").UncheckAsync();
        await page.Locator("[data-testid='filter-area']").SelectOptionAsync($"community/{community.Id}");
        await Assertions.Expect(page.Locator($"[data-testid='ticket-table'] [data-ticket='{ticketId}']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Desk_PhoneCall_OpensTheAlarmThenItsNotificationsShowAndTheOperatorSilencesTheWalls()
    {
        var elevator = TestCity.Demo.Elevators.Last(e => !e.Escalator).Id;
        var page = await OpenConsoleAsync("operator", "/desk");
        var outcome = page.Locator("[data-testid='phone-outcome']");

        await page.Locator("[data-testid='new-phone-alarm']").ClickAsync();
        await page.Locator("[data-testid='phone-elevator']").FillAsync(elevator);
        await page.Locator("[data-testid='phone-caller-name']").FillAsync("王女士");
        await page.Locator("[data-testid='phone-caller-phone']").FillAsync("unknown");
        await page.Locator("[data-testid='phone-submit']").ClickAsync();
        await Assertions.Expect(outcome).ToContainTextAsync("callerPhone: 回拨号码", new() { Timeout = Timeout });
        await page.Locator("[data-testid='phone-caller-phone']").FillAsync("13800000001");
        await page.Locator("[data-testid='phone-submit']").ClickAsync();
        await Assertions.Expect(outcome).ToContainTextAsync("已开启告警", new() { Timeout = Timeout });

        var alarm = (await Host.Http.GetFromJsonAsync<JsonElement>("/api/alarms?state=active", TestContext.Current.CancellationToken)).EnumerateArray()
            .Single(a => a.GetProperty("elevatorId").GetString() == elevator);
        var alarmId = alarm.GetProperty("id").GetString()!;
        try
        {
            alarm.GetProperty("source").GetString().ShouldBe("Phone");
            alarm.GetProperty("steps")[0].GetProperty("actor").GetString().ShouldBe("operator");
            var row = page.Locator($"[data-testid='desk-alarms'] tr[data-alarm='{alarmId}']");
            await Assertions.Expect(row).ToBeVisibleAsync(new() { Timeout = Timeout });

            await row.Locator("[data-testid='acknowledge-walls']").ClickAsync();
            await Assertions.Expect(row.Locator("[data-testid='wall-popup']")).ToContainTextAsync("已确认", new() { Timeout = Timeout });
            var acknowledged = await Host.Http.GetFromJsonAsync<JsonElement>($"/api/alarms/{alarmId}", TestContext.Current.CancellationToken);
            acknowledged.GetProperty("wallAcknowledgements")[0].GetProperty("areaKey").GetString().ShouldBe("city");

            // The demo host configures no channel, so the alarm reached nobody outside the consoles, and says so.
            await row.Locator("[data-testid='show-deliveries']").ClickAsync();
            var deliveries = page.Locator($"[data-testid='alarm-deliveries'][data-alarm='{alarmId}']");
            await Assertions.Expect(deliveries.Locator("[data-testid='no-deliveries']")).ToBeVisibleAsync(new() { Timeout = Timeout });
            await Screenshots.SaveAsync(page, "desk-phone-alarm.png", fullPage: true);

            // The elevator's ledger (一梯一档) at 1080p: its people to call, the open alarm, its floors today and its records.
            var place = TestCity.Demo.Elevators.Single(e => e.Id == elevator);
            await FileHistoryAsync(place);
            var ledger = await browser.OpenSignedInAsync(Host, "operator", $"/elevators/{elevator}", 1920, 1080);
            await Assertions.Expect(ledger.Locator("[data-testid='ledger-officer']")).ToContainTextAsync(place.SafetyOfficer.Phone, new() { Timeout = Timeout });
            await Assertions.Expect(ledger.Locator($"[data-testid='ledger-open-alarms'] [data-alarm='{alarmId}']")).ToContainTextAsync("困人");
            await Assertions.Expect(ledger.Locator("[data-testid='ledger-chart'] svg .apexcharts-series path")).Not.ToHaveCountAsync(0, new() { Timeout = Timeout });
            await Assertions.Expect(ledger.Locator("[data-testid='ledger-records']")).ToHaveAttributeAsync("data-total", "3", new() { Timeout = Timeout });
            await ledger.Locator("[data-testid='ledger-records'] button[data-kind='maintenance']").ClickAsync();
            var maintenance = ledger.Locator("[data-testid='ledger-records'] li[data-kind='maintenance']");
            await Assertions.Expect(maintenance).ToHaveCountAsync(1, new() { Timeout = Timeout });
            await maintenance.Locator("summary").ClickAsync();
            await Assertions.Expect(maintenance.Locator("[data-testid='ledger-missing-items']")).ToHaveTextAsync("HM-31");
            (await ledger.EvaluateAsync<int>("() => document.documentElement.scrollWidth - innerWidth")).ShouldBe(0, "nothing spills sideways at 1080p");
            await Screenshots.SaveAsync(ledger, "ledger-1080p.png", fullPage: true);
        }
        finally
        {
            using var operatorClient = await Host.SignInAsync("operator");
            using var closed = await operatorClient.PostAsJsonAsync(
                $"/api/alarms/act?id={Uri.EscapeDataString(alarmId)}&action=false-alarm", new { comment = "browser test" }, TestContext.Current.CancellationToken);
            closed.IsSuccessStatusCode.ShouldBeTrue();
        }
    }

    [Fact]
    public async Task Desk_DistrictOperator_ListsAndReportsInTheirDistrictOnly()
    {
        var (own, other) = (TestCity.Demo.Districts[0], TestCity.Demo.Districts[1]);
        var ownGrid = own.Streets[0].Communities[0].Grids[0].Id;
        var otherGrid = other.Streets[0].Communities[0].Grids[0].Id;
        var inDistrict = await ReportByTheCityOperatorAsync(ownGrid);
        var elsewhere = await ReportByTheCityOperatorAsync(otherGrid);
        var page = await OpenConsoleAsync($"operator-{own.Id}", "/desk");

        await Assertions.Expect(page.Locator($"[data-testid='ticket-table'] [data-ticket='{inDistrict}']")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator($"[data-testid='ticket-table'] [data-ticket='{elsewhere}']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator($"[data-testid='filter-area'] option[value='district/{other.Id}']")).ToHaveCountAsync(0);

        await page.Locator("[data-testid='new-report']").ClickAsync();
        await page.Locator("[data-testid='report-grid']").FillAsync(otherGrid);
        await page.Locator("[data-testid='report-description']").FillAsync("邻区的井盖 A manhole cover next door");
        await page.Locator("[data-testid='report-submit']").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid='report-error']")).ToContainTextAsync($"网格 {otherGrid} 不在您的范围（district/{own.Id}）内");
        using var operatorClient = await Host.SignInAsync("operator");
        var listed = await operatorClient.GetFromJsonAsync<JsonElement>($"/api/tickets?area=grid/{otherGrid}&pageSize=500", TestContext.Current.CancellationToken);
        listed.GetProperty("items").EnumerateArray().ShouldNotContain(ticket => ticket.GetProperty("description").GetString()!.StartsWith("邻区的井盖", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Desk_LanguageSwitch_LoadsThePageAnewInEnglishAndKeepsItUntilChineseIsChosen()
    {
        var page = await OpenConsoleAsync("operator", "/desk");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("工单台");
        await Assertions.Expect(page.Locator(".desk")).ToHaveAttributeAsync("data-interactive", "true", new() { Timeout = Timeout });

        await page.Locator("[data-testid='lang-en']").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/desk\\?lang=en$"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Operator desk", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(page.Locator("[data-testid='nav-firm']")).ToHaveTextAsync("Firm");

        // Links are followed once the page is live, as a person sees it: a click on the prerendered page
        // would race the circuit taking over the document.
        await Assertions.Expect(page.Locator(".desk")).ToHaveAttributeAsync("data-interactive", "true", new() { Timeout = Timeout });
        await page.Locator("[data-testid='nav-firm']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='firm-picker']")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Maintenance firms");
        await Assertions.Expect(page.Locator(".firm-console")).ToHaveAttributeAsync("data-interactive", "true", new() { Timeout = Timeout });

        await page.Locator("[data-testid='lang-zh-CN']").ClickAsync();

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("维保单位", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
    }

    /// <summary>A work order in the grid, reported through the API by the city-wide operator; its id.</summary>
    private async Task<string> ReportByTheCityOperatorAsync(string gridId)
    {
        using var operatorClient = await Host.SignInAsync("operator");
        var created = await operatorClient.PostAsJsonAsync(
            "/api/tickets",
            new { source = "grid-worker", category = "exposed-garbage", description = $"区域范围 scope probe in {gridId}", gridId },
            TestContext.Current.CancellationToken);
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("ticket").GetProperty("id").GetString()!;
    }

    /// <summary>Opens a console page, signing in through the login form on the way, as a person would.</summary>
    private Task<IPage> OpenConsoleAsync(string userName, string path) => browser.OpenSignedInAsync(Host, userName, path, 1600, 1000);

    /// <summary>The audit log's entries on this alarm or ticket, newest first, as an admin reads them.</summary>
    private async Task<List<string>> AuditOfAsync(string target)
    {
        using var admin = await Host.SignInAsync("admin");
        var page = await admin.GetFromJsonAsync<JsonElement>($"/api/audit?target={Uri.EscapeDataString(target)}", TestContext.Current.CancellationToken);
        return [.. page.GetProperty("items").EnumerateArray().Select(entry =>
            $"{entry.GetProperty("action").GetString()} by {entry.GetProperty("actor").GetString()} ({entry.GetProperty("actorRole").GetString()}) " +
            $"from {entry.GetProperty("address").GetString()}: {entry.GetProperty("detail").GetString()}")];
    }

    private static async Task StepAsync(ILocator card, string action, string comment, string status)
    {
        await card.Locator("[data-testid='alarm-comment']").FillAsync(comment);
        await card.Locator($"[data-action='{action}']").ClickAsync();
        await Assertions.Expect(card).ToHaveAttributeAsync("data-status", status);
        await Assertions.Expect(card.Locator("ol.steps")).ToContainTextAsync(comment);
    }

    private async Task RaiseTrappedPassengerAsync(string elevatorId)
    {
        await using var device = await MqttTestClient.ConnectAsync(Host.MqttPort, elevatorId);
        (await device.PublishAsync(Topics.ElevatorStatus(elevatorId), StatusJson.For(elevatorId, 1, 5))).IsSuccess.ShouldBeTrue();
        (await device.PublishAsync(Topics.For(MessageKind.ElevatorEvent, elevatorId), EventJson.Raised(elevatorId, 2, FaultCodes.TrappedPassenger))).IsSuccess.ShouldBeTrue();
    }

    /// <summary>Minutes and seconds left of the 30-minute urban arrival limit.</summary>
    [GeneratedRegex("^\\s*到场剩余 [23]\\d:\\d\\d\\s*$")]
    private static partial Regex Countdown();

    /// <summary>
    /// A few floors reported by the lift itself, and a daily check, a weekly investigation and a maintenance visit
    /// lacking HM-31 filed by the city's safety app, all over real MQTT; returns once the floors are in the time series.
    /// </summary>
    private async Task FileHistoryAsync(ElevatorInfo lift)
    {
        var now = DateTimeOffset.UtcNow;
        var seq = now.ToUnixTimeMilliseconds();
        await using (var device = await MqttTestClient.ConnectAsync(Host.MqttPort, lift.Id))
        {
            foreach (var (floor, minutesAgo) in new[] { (1, 30), (6, 20), (3, 10), (9, 1) })
            {
                await device.PublishAsync(Topics.ElevatorStatus(lift.Id), StatusJson.For(lift.Id, seq++, floor, now.AddMinutes(-minutesAgo)));
            }
        }

        var app = TestDevices.CityApp;
        await using (var safetyApp = await MqttTestClient.ConnectAsync(Host.MqttPort, app))
        {
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            var week = System.Globalization.ISOWeek.GetWeekOfYear(now.UtcDateTime);
            await safetyApp.PublishAsync(Topics.For(MessageKind.DailyCheck, app), JsonSerializer.Serialize(
                new DailyCheckRecord(1, app, seq++, now, lift.Id, today, lift.SafetyOfficer.Name, false, [new RiskFinding("轿厢照明", "一盏灯不亮")]), ProtocolJson.Default.DailyCheckRecord));
            await safetyApp.PublishAsync(Topics.For(MessageKind.WeeklyInvestigation, app), JsonSerializer.Serialize(
                new WeeklyInvestigationRecord(1, app, seq++, now, lift.Id, System.Globalization.ISOWeek.GetYear(now.UtcDateTime), week, "李总监",
                    [new Hazard("层门地坎积尘", HazardSeverity.General, false)]), ProtocolJson.Default.WeeklyInvestigationRecord));
            string[] items = [.. Enumerable.Range(1, 30).Select(n => $"HM-{n:D2}")];
            await safetyApp.PublishAsync(Topics.For(MessageKind.Maintenance, app), JsonSerializer.Serialize(
                new MaintenanceRecord(1, app, seq++, now, lift.Id, MaintenanceType.HalfMonth, items, "赵师傅", lift.MaintenanceFirmId, now.AddHours(-1), now), ProtocolJson.Default.MaintenanceRecord));
        }

        await Eventually.TrueAsync(
            async () => (await Host.Http.GetFromJsonAsync<JsonElement>($"/api/elevators/{lift.Id}/history?minutes=1440", TestContext.Current.CancellationToken)).GetArrayLength() >= 4,
            TimeSpan.FromMilliseconds(Timeout), "the lift's floors in the time series");
    }
}
