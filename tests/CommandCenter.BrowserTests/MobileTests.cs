using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Testing;
using Microsoft.Playwright;
using Shouldly;

namespace CommandCenter.BrowserTests;

/// <summary>
/// The grid worker's phone pages on a phone-sized screen with the position granted: they sign in, report a case with a
/// photo and the GPS position through the plain form, and find it among their cases; and the whole path of such a case
/// through the pages of everyone who takes a step, from the phone back to the phone's evaluation.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MobileTests(BrowserFixture browser, DemoCityFixture fixture) : IClassFixture<DemoCityFixture>, IAsyncDisposable
{
    public ValueTask DisposeAsync() => browser.CloseContextsAsync();

    private const float Timeout = 30_000;
    private const string Department = "cg";
    private const string DepartmentUser = $"department-{Department}";

    private static readonly string GridWorker = CaseFlow.GridWorker;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private CommandCenterProcess Host => fixture.City.Host;

    [Fact]
    public async Task GridWorker_ReportsWithAPhotoAndTheGpsPosition_AndSeesTheCaseAmongTheirCases()
    {
        var page = await CaseFlow.OpenPhoneAsync(browser.Browser);
        await page.GotoAsync($"{Host.BaseUrl}/m/report");
        await CaseFlow.SignInAsync(page, Host, GridWorker, "/m/report");

        // The position as the page will send it, to six decimals (the emulated GPS hands over a float).
        await Assertions.Expect(page.Locator("[data-testid='gps-status']")).ToHaveAttributeAsync("data-state", "located", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("[data-testid='report-latitude']")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"^38\.47\d{4}$"));
        await Assertions.Expect(page.Locator("[data-testid='report-longitude']")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"^106\.28\d{4}$"));
        var id = await CaseFlow.ReportOnPhoneAsync(page, "解放街口垃圾堆放，约两平方米", screenshot: "m-report-phone.png");

        var card = page.Locator($"[data-testid='m-case'][data-ticket='{id}']");
        await Assertions.Expect(card.Locator("[data-testid='m-case-status']")).ToHaveTextAsync("已上报");
        await Assertions.Expect(card).ToContainTextAsync("解放街口垃圾堆放");

        // What the command center keeps: the grid worker's report, in 兴庆区, with the one photo.
        var ticket = await Host.Http.GetFromJsonAsync<JsonElement>($"/api/tickets/{Uri.EscapeDataString(id)}", Ct);
        var summary = ticket.GetProperty("ticket");
        (summary.GetProperty("reporter").GetString(), summary.GetProperty("source").GetString()).ShouldBe((GridWorker, "GridWorker"));
        summary.GetProperty("location").GetProperty("districtId").GetString().ShouldBe("640104");
        ticket.GetProperty("photos").GetArrayLength().ShouldBe(1);

        // A reload shows the list without the message again: the form is never sent twice. And a phone page loads no
        // script of the consoles' (Blazor's, the charts'): it has no circuit to run them for.
        var requested = new List<string>();
        page.Request += (_, request) => requested.Add(request.Url);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("[data-testid='m-done']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator($"[data-testid='m-case'][data-ticket='{id}']")).ToBeVisibleAsync();
        requested.ShouldContain(url => new Uri(url).AbsolutePath == "/m/cases");
        requested.ShouldNotContain(url => url.Contains("blazor.web", StringComparison.Ordinal) || url.Contains("apexcharts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Case_FromThePhoneThroughDeskAndDepartmentBackToThePhone_IsReportedHandledVerifiedClosedAndEvaluated()
    {
        // The grid worker reports on the phone with a photo and the GPS position in their own grid, and sees the case in /m/cases.
        var phone = await CaseFlow.OpenPhoneAsync(browser.Browser, (CaseFlow.OwnGrid.Latitude, CaseFlow.OwnGrid.Longitude));
        await phone.GotoAsync($"{Host.BaseUrl}/m/report");
        await CaseFlow.SignInAsync(phone, Host, GridWorker, "/m/report");
        var id = await CaseFlow.ReportOnPhoneAsync(phone, "幸福巷口垃圾外溢，影响通行");
        await Assertions.Expect(phone.Locator($"[data-testid='m-case'][data-ticket='{id}'] [data-testid='m-case-status']")).ToHaveTextAsync("已上报");

        // The operator files it and dispatches it to the city-management department on the desk.
        var desk = await browser.OpenSignedInAsync(Host, "operator", "/desk", 1600, 1000);
        var detail = await CaseFlow.OpenOnDeskAsync(desk, id);
        await Assertions.Expect(detail.Locator("[data-testid='ticket-photos'] li[data-step='Report']")).ToHaveCountAsync(1);
        await CaseFlow.ActOnDeskAsync(detail, "File", "Filed");
        await CaseFlow.DispatchOnDeskAsync(detail, Department);

        // The department accepts, handles and feeds back with a photo on its disposal console.
        var work = await browser.NewPageAsync();
        await work.GotoAsync($"{Host.BaseUrl}/login");
        await CaseFlow.SignInAsync(work, Host, DepartmentUser, "/work");
        await Assertions.Expect(CaseFlow.WorkRow(work, id)).ToBeVisibleAsync(new() { Timeout = Timeout });
        await CaseFlow.AcceptOnWorkAsync(work, id);
        await CaseFlow.FeedBackOnWorkAsync(work, id, "已清运，垃圾桶已加装");

        // The grid worker verifies on the spot, with a photo.
        await phone.GotoAsync($"{Host.BaseUrl}/m/tasks");
        await CaseFlow.VerifyOnPhoneAsync(phone, id);

        // The operator closes it on the desk, whose detail shows the photos of every step.
        await desk.ReloadAsync();
        detail = await CaseFlow.OpenOnDeskAsync(desk, id);
        await CaseFlow.ActOnDeskAsync(detail, "Close", "Closed");
        await Assertions.Expect(detail.Locator("[data-testid='ticket-photos'] li")).ToHaveCountAsync(3);
        await Screenshots.SaveAsync(desk, "desk-case-closed.png", fullPage: true);

        // The reporter evaluates on the phone.
        await phone.GotoAsync($"{Host.BaseUrl}/m/cases");
        await CaseFlow.EvaluateOnPhoneAsync(phone, id, "satisfied");
        await Screenshots.SaveAsync(phone, "m-cases-evaluated-phone.png", fullPage: true);

        // Every step under the signed-in person who took it.
        var ticket = (await Host.Http.GetFromJsonAsync<JsonElement>($"/api/tickets/{Uri.EscapeDataString(id)}", Ct)).GetProperty("ticket");
        (ticket.GetProperty("status").GetString(), ticket.GetProperty("source").GetString(), ticket.GetProperty("reporter").GetString())
            .ShouldBe(("Closed", "GridWorker", GridWorker));
        ticket.GetProperty("photoRecords").EnumerateArray().Select(photo => (photo.GetProperty("step").GetString(), photo.GetProperty("actor").GetString()))
            .ShouldBe([("Report", GridWorker), ("Feedback", DepartmentUser), ("Verification", GridWorker)]);
        var evaluation = ticket.GetProperty("evaluations").EnumerateArray().ShouldHaveSingleItem();
        (evaluation.GetProperty("satisfaction").GetString(), evaluation.GetProperty("channel").GetString(), evaluation.GetProperty("actor").GetString())
            .ShouldBe(("Satisfied", "Reporter", GridWorker));
        var trail = (await Host.Http.GetFromJsonAsync<JsonElement>($"/api/tickets/{Uri.EscapeDataString(id)}", Ct)).GetProperty("audit").EnumerateArray()
            .Select(entry => (entry.GetProperty("action").GetString(), entry.GetProperty("actor").GetString())).ToList();
        trail.ShouldBe(
        [
            ("Report", GridWorker), ("File", "operator"), ("Dispatch", "operator"), ("Start", DepartmentUser), ("Feedback", DepartmentUser),
            ("Verify", GridWorker), ("Close", "operator"), ("Evaluate", GridWorker),
        ]);
    }
}
