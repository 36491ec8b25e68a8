using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Testing;
using Microsoft.Playwright;
using Shouldly;

namespace CommandCenter.BrowserTests;

/// <summary>
/// A case from dispatch to evaluation through the pages people use: the department signs in on its disposal console
/// <c>/work</c>, sees its cases counting down, returns the one that is not its own with the reason, accepts the other and
/// feeds back with a photo; the grid worker verifies on the phone, the operator closes, and the grid worker's
/// unsatisfied evaluation sends it back to the department as rework.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WorkTests(BrowserFixture browser, DemoCityFixture fixture) : IClassFixture<DemoCityFixture>, IAsyncDisposable
{
    public ValueTask DisposeAsync() => browser.CloseContextsAsync();

    private const float Timeout = 30_000;
    private const string Department = "cg";
    private const string DepartmentUser = $"department-{Department}";

    private static readonly string Grid = CaseFlow.Grid;
    private static readonly string GridWorker = CaseFlow.GridWorker;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private CommandCenterProcess Host => fixture.City.Host;

    [Fact]
    public async Task Department_ReturnsOneAcceptsAndFeedsBackTheOther_ThenTheReportersUnsatisfiedEvaluationBringsItBack()
    {
        var ours = await DispatchedAsync("井盖旁垃圾堆放，约两平方米");
        var notOurs = await DispatchedAsync("小区供热管道漏水");

        // Signing in, the department lands on its console with both cases, their deadlines counting down.
        var work = await browser.NewPageAsync();
        await work.GotoAsync($"{Host.BaseUrl}/login");
        await CaseFlow.SignInAsync(work, Host, DepartmentUser, "/work");
        var row = CaseFlow.WorkRow(work, ours);
        await Assertions.Expect(row).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Assertions.Expect(work.Locator($"[data-testid='work-case'][data-ticket='{notOurs}']")).ToBeVisibleAsync();
        var clock = row.Locator("[data-testid='work-countdown'] .clock");
        var shown = await clock.TextContentAsync();
        await Assertions.Expect(clock).Not.ToHaveTextAsync(shown!, new() { Timeout = 5_000 });
        await Screenshots.SaveAsync(work, "work-1080p.png", fullPage: true);

        // 退回: not the department's, with the reason.
        var other = work.Locator($"[data-testid='work-case'][data-ticket='{notOurs}']");
        await other.Locator("[data-testid='work-return-reason']").FillAsync("供热管道归热力公司，不属城管职责");
        await other.Locator("[data-testid='work-return']").ClickAsync();
        await Assertions.Expect(work.Locator("[data-testid='m-done']")).ToContainTextAsync(notOurs, new() { Timeout = Timeout });
        await Assertions.Expect(work.Locator($"[data-testid='work-case'][data-ticket='{notOurs}']")).ToHaveCountAsync(0);

        // 签收, then 反馈 with a photo of the result.
        await CaseFlow.AcceptOnWorkAsync(work, ours);
        await CaseFlow.FeedBackOnWorkAsync(work, ours, "已清运，现场恢复整洁");

        var fedBack = await TicketAsync(ours);
        fedBack.GetProperty("status").GetString().ShouldBe("Feedback");
        var photo = fedBack.GetProperty("photoRecords").EnumerateArray().ShouldHaveSingleItem();
        (photo.GetProperty("step").GetString(), photo.GetProperty("actor").GetString()).ShouldBe(("Feedback", DepartmentUser));
        var returned = await TicketAsync(notOurs);
        returned.GetProperty("status").GetString().ShouldBe("Filed");
        var record = returned.GetProperty("returns").EnumerateArray().ShouldHaveSingleItem();
        (record.GetProperty("actor").GetString(), record.GetProperty("reason").GetString()).ShouldBe((DepartmentUser, "供热管道归热力公司，不属城管职责"));

        // The grid worker verifies on the phone, the operator closes, and the grid worker evaluates: unsatisfied, rework.
        var phone = await browser.NewPageAsync(412, 915);
        await phone.GotoAsync($"{Host.BaseUrl}/m/tasks");
        await CaseFlow.SignInAsync(phone, Host, GridWorker, "/m/tasks");
        await CaseFlow.VerifyOnPhoneAsync(phone, ours);
        (await Host.Http.PostAsJsonAsync($"/api/tickets/{ours}/close", new { comment = "核查通过" }, Ct)).EnsureSuccessStatusCode();

        await phone.GotoAsync($"{Host.BaseUrl}/m/cases");
        await CaseFlow.EvaluateOnPhoneAsync(phone, ours, "unsatisfied", rework: true);

        var reopened = await TicketAsync(ours);
        (reopened.GetProperty("status").GetString(), reopened.GetProperty("reworkCount").GetInt32()).ShouldBe(("Dispatched", 1));
        var evaluation = reopened.GetProperty("evaluations").EnumerateArray().ShouldHaveSingleItem();
        (evaluation.GetProperty("satisfaction").GetString(), evaluation.GetProperty("channel").GetString(), evaluation.GetProperty("actor").GetString())
            .ShouldBe(("Unsatisfied", "Reporter", GridWorker));
        await work.ReloadAsync();
        await Assertions.Expect(row.Locator("[data-testid='work-accept']")).ToBeVisibleAsync(new() { Timeout = Timeout });
    }

    [Fact]
    public async Task Desk_CountsCasesBySourceUnderItsFilters_AndTheCaseDetailShowsWhoCameAndTakesAPhoneEvaluation()
    {
        var street = TestCity.Demo.Districts[0].Streets[0].Id;
        var desk = await browser.OpenSignedInAsync(Host, "operator", "/desk", 1600, 1000);
        var inspections = desk.Locator("[data-testid='ticket-sources'] dd[data-source='InspectionHazard']");
        var before = int.Parse((await inspections.TextContentAsync())!, System.Globalization.CultureInfo.InvariantCulture);

        // An inspection's hazard, dispatched to the street, which whistles for the department; then closed.
        var id = await DispatchedAsync("人行道塌陷，需住建、城管到场", "InspectionHazard", new { level = "Street", id = street });
        var gridWorkers = await DispatchedAsync("楼道堆物", "GridWorker", new { level = "Street", id = street });
        var open = await DispatchedAsync("雨水井堵塞", "InspectionHazard", new { level = "Street", id = street });
        using var streetClient = await Host.SignInAsync($"street-{street}");
        (await streetClient.PostAsJsonAsync($"/api/tickets/{id}/whistle", new { departments = new[] { Department }, comment = "塌陷范围扩大" }, Ct)).EnsureSuccessStatusCode();
        using var departmentClient = await Host.SignInAsync(DepartmentUser);
        (await departmentClient.PostAsJsonAsync($"/api/tickets/{id}/report-in", new { comment = "执法队到场" }, Ct)).EnsureSuccessStatusCode();
        foreach (var step in new[] { "start", "feedback", "verify", "close" })
        {
            (await Host.Http.PostAsJsonAsync($"/api/tickets/{id}/{step}", new { }, Ct)).EnsureSuccessStatusCode();
        }

        await desk.ReloadAsync();
        await Assertions.Expect(inspections).ToHaveTextAsync((before + 2).ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = Timeout });
        // The filter is the live page's: chosen on the prerendered one, the choice would be lost when the circuit takes over.
        await Assertions.Expect(desk.Locator(".desk")).ToHaveAttributeAsync("data-interactive", "true", new() { Timeout = Timeout });
        await desk.Locator("[data-testid='filter-source']").SelectOptionAsync("InspectionHazard");
        var row = desk.Locator($"[data-testid='ticket-table'] [data-ticket='{id}']");
        await Assertions.Expect(desk.Locator($"[data-testid='ticket-table'] [data-ticket='{gridWorkers}']")).ToHaveCountAsync(0, new() { Timeout = Timeout });
        await Assertions.Expect(row).ToBeVisibleAsync(new() { Timeout = Timeout });

        await row.ClickAsync();
        var detail = desk.Locator("[data-testid='ticket-detail']");
        var summons = detail.Locator("[data-testid='ticket-summons'] li").First;
        await Assertions.Expect(summons).ToHaveAttributeAsync("data-reported", "true", new() { Timeout = Timeout });
        await Assertions.Expect(summons).ToContainTextAsync(DepartmentUser);
        await detail.Locator("[data-testid='evaluation-satisfaction']").SelectOptionAsync("BasicallySatisfied");
        await detail.Locator("[data-testid='ticket-comment']").FillAsync("市民来电：处理及时，路面还需修补");
        await detail.Locator("[data-testid='evaluation-submit']").ClickAsync();
        await Assertions.Expect(detail.Locator("[data-testid='ticket-evaluations']")).ToContainTextAsync("基本满意", new() { Timeout = Timeout });
        await Screenshots.SaveAsync(desk, "desk-case-detail.png", fullPage: true);

        var evaluation = (await TicketAsync(id)).GetProperty("evaluations").EnumerateArray().ShouldHaveSingleItem();
        (evaluation.GetProperty("channel").GetString(), evaluation.GetProperty("actor").GetString(), evaluation.GetProperty("comment").GetString())
            .ShouldBe(("Phone", "operator", "市民来电：处理及时，路面还需修补"));

        // Co-handling from the desk: the housing department assists the street, which stays the lead.
        await desk.Locator($"[data-testid='ticket-table'] [data-ticket='{open}']").ClickAsync();
        await detail.Locator("[data-testid='dispatch-level']").SelectOptionAsync("Department");
        await detail.Locator("[data-testid='dispatch-target']").FillAsync("zj");
        await detail.Locator("[data-testid='assist-submit']").ClickAsync();
        var assists = detail.Locator("[data-testid='ticket-assists'] li[data-unit='department/zj']");
        await Assertions.Expect(assists).ToHaveAttributeAsync("data-status", "Assigned", new() { Timeout = Timeout });
        var assisted = await TicketAsync(open);
        (assisted.GetProperty("target").GetProperty("id").GetString(), assisted.GetProperty("assists").EnumerateArray().ShouldHaveSingleItem().GetProperty("assignedBy").GetString())
            .ShouldBe((street, "operator"));

        // The housing department accepts its part and feeds it back with a photo on its console; the desk shows the photo on its line.
        var assisting = await browser.NewPageAsync();
        await assisting.GotoAsync($"{Host.BaseUrl}/login");
        await CaseFlow.SignInAsync(assisting, Host, "department-zj", "/work");
        var part = CaseFlow.WorkRow(assisting, open);
        await part.Locator("[data-testid='work-assist-accept']").ClickAsync();
        await Assertions.Expect(assisting.Locator("[data-testid='m-done']")).ToContainTextAsync(open, new() { Timeout = Timeout });
        await part.Locator("[data-testid='work-assist-comment']").FillAsync("围挡已加固，井口已封闭");
        await CaseFlow.AttachPhotoAsync(assisting, part.Locator("[data-testid='work-assist-photo']"), "part.jpg");
        await part.Locator("[data-testid='work-assist-feedback']").ClickAsync();
        await Assertions.Expect(assisting.Locator("[data-testid='m-done']")).ToContainTextAsync(open, new() { Timeout = Timeout });
        await desk.ReloadAsync();
        detail = await CaseFlow.OpenOnDeskAsync(desk, open);
        var assistLine = detail.Locator("[data-testid='ticket-assists'] li[data-unit='department/zj']");
        await Assertions.Expect(assistLine).ToHaveAttributeAsync("data-status", "FedBack", new() { Timeout = Timeout });
        await Assertions.Expect(assistLine.Locator("[data-testid='assist-photo']")).ToHaveCountAsync(1);
    }

    /// <summary>A case in the grid worker's grid, filed and dispatched by the operator (to the department unless named).</summary>
    private async Task<string> DispatchedAsync(string description, string source = "GridWorker", object? target = null)
    {
        using var created = await Host.Http.PostAsJsonAsync("/api/tickets", new
        {
            source,
            category = "exposed-garbage",
            description,
            gridId = Grid,
            reporter = GridWorker,
        }, Ct);
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("ticket").GetProperty("id").GetString()!;
        (await Host.Http.PostAsJsonAsync($"/api/tickets/{id}/file", new { }, Ct)).EnsureSuccessStatusCode();
        (await Host.Http.PostAsJsonAsync($"/api/tickets/{id}/dispatch", new { target = target ?? new { level = "Department", id = Department } }, Ct)).EnsureSuccessStatusCode();
        return id;
    }

    private async Task<JsonElement> TicketAsync(string id) =>
        (await Host.Http.GetFromJsonAsync<JsonElement>($"/api/tickets/{Uri.EscapeDataString(id)}", Ct)).GetProperty("ticket");
}
