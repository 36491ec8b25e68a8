using CommandCenter.Protocol;
using CommandCenter.Testing;
using Microsoft.Playwright;

namespace CommandCenter.BrowserTests;

/// <summary>
/// The steps of a case as people take them on the real pages, shared by the phone, disposal-console and whole-flow tests:
/// the grid worker on <c>/m</c>, the unit on <c>/work</c>, the operator on the desk. Each step waits for the page's own
/// confirmation before it returns.
/// </summary>
internal static class CaseFlow
{
    private const float Timeout = 30_000;

    // 兴庆区's label point, in the demo city's first district (and its first grid worker's grid).
    private const float Latitude = 38.4736f;
    private const float Longitude = 106.2886f;

    /// <summary>The demo grid worker's grid: its cases are theirs to verify.</summary>
    public static readonly Grid OwnGrid = TestCity.Demo.Districts[0].Streets[0].Communities[0].Grids[0];

    public static readonly string Grid = OwnGrid.Id;

    public static readonly string GridWorker = $"gridworker-{Grid}";

    /// <summary>
    /// A phone: 412 × 915, touch, Chinese, its GPS at 兴庆区's label point (or at <paramref name="position"/>) and the page
    /// allowed to read it.
    /// </summary>
    public static async Task<IPage> OpenPhoneAsync(IBrowser browser, (double Latitude, double Longitude)? position = null)
    {
        var (latitude, longitude) = position ?? (Latitude, Longitude);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 412, Height = 915 },
            IsMobile = true,
            HasTouch = true,
            Locale = "zh-CN",
            Geolocation = new Geolocation { Latitude = (float)latitude, Longitude = (float)longitude, Accuracy = 12 },
            Permissions = ["geolocation"],
        });
        return await context.NewPageAsync();
    }

    /// <summary>Signs in on a page sent to the login form and waits to land on <paramref name="landing"/>.</summary>
    public static async Task SignInAsync(IPage page, CommandCenterProcess host, string userName, string landing)
    {
        await BrowserFixture.SubmitLoginFormAsync(page, host, userName);
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == landing, new() { Timeout = Timeout });
    }

    /// <summary>
    /// On <c>/m/report</c>, once the phone's position is found: an exposed-garbage case with the description and a photo from
    /// the camera, sent; saved as <paramref name="screenshot"/> before sending. Answers the new case's id from <c>/m/cases</c>.
    /// </summary>
    public static async Task<string> ReportOnPhoneAsync(IPage phone, string description, string? screenshot = null)
    {
        await Assertions.Expect(phone.Locator("[data-testid='gps-status']")).ToHaveAttributeAsync("data-state", "located", new() { Timeout = Timeout });
        await phone.Locator("[data-testid='report-category']").SelectOptionAsync("exposed-garbage");
        await phone.Locator("[data-testid='report-description']").FillAsync(description);
        await AttachPhotoAsync(phone, phone.Locator("[data-testid='report-photo-1']"), "street.jpg");
        if (screenshot is not null)
        {
            await Screenshots.SaveAsync(phone, screenshot, fullPage: true);
        }

        await phone.Locator("[data-testid='report-submit']").ClickAsync();
        await phone.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/m/cases", new() { Timeout = Timeout });
        await Assertions.Expect(phone.Locator("[data-testid='m-done']")).ToContainTextAsync("已上报");
        var id = await phone.Locator("[data-testid='m-case']").First.GetAttributeAsync("data-ticket")
            ?? throw new InvalidOperationException("/m/cases lists no case after the report");
        await Assertions.Expect(phone.Locator("[data-testid='m-done']")).ToContainTextAsync(id);
        return id;
    }

    /// <summary>The case's row on the unit's <c>/work</c> page.</summary>
    public static ILocator WorkRow(IPage work, string id) => work.Locator($"[data-testid='work-case'][data-ticket='{id}']");

    /// <summary>签收 on <c>/work</c>: the row then shows the case being handled.</summary>
    public static async Task AcceptOnWorkAsync(IPage work, string id)
    {
        var row = WorkRow(work, id);
        await row.Locator("[data-testid='work-accept']").ClickAsync();
        await Assertions.Expect(row.Locator("[data-testid='work-status']")).ToHaveTextAsync("处置中", new() { Timeout = Timeout });
    }

    /// <summary>反馈 on <c>/work</c> with what was done and a photo of the result.</summary>
    public static async Task FeedBackOnWorkAsync(IPage work, string id, string comment)
    {
        var row = WorkRow(work, id);
        await row.Locator("[data-testid='work-feedback-comment']").FillAsync(comment);
        await AttachPhotoAsync(work, row.Locator("[data-testid='work-feedback-photo']"), "done.jpg");
        await row.Locator("[data-testid='work-feedback']").ClickAsync();
        await Assertions.Expect(work.Locator("[data-testid='m-done']")).ToContainTextAsync(id, new() { Timeout = Timeout });
    }

    /// <summary>核查 on <c>/m/tasks</c>, answered with a photo of the spot.</summary>
    public static async Task VerifyOnPhoneAsync(IPage phone, string id)
    {
        var task = phone.Locator($"[data-testid='m-task'][data-ticket='{id}']");
        await AttachPhotoAsync(phone, task.Locator("[data-testid='m-verify-photo']"), "spot.jpg");
        await task.Locator("[data-testid='m-verify-submit']").ClickAsync();
        await Assertions.Expect(phone.Locator("[data-testid='m-done']")).ToContainTextAsync(id, new() { Timeout = Timeout });
    }

    /// <summary>回访 on <c>/m/cases</c>: <paramref name="satisfaction"/> is <c>satisfied</c>, <c>basically-satisfied</c> or <c>unsatisfied</c>.</summary>
    public static async Task EvaluateOnPhoneAsync(IPage phone, string id, string satisfaction, bool rework = false)
    {
        var card = phone.Locator($"[data-testid='m-case'][data-ticket='{id}']");
        await card.Locator($"[data-testid='m-satisfaction-{satisfaction}']").CheckAsync();
        if (rework)
        {
            await card.Locator("[data-testid='m-rework']").CheckAsync();
        }

        await card.Locator("[data-testid='m-evaluate-submit']").ClickAsync();
        await Assertions.Expect(phone.Locator("[data-testid='m-done']")).ToContainTextAsync(id, new() { Timeout = Timeout });
    }

    /// <summary>Opens the case's detail on the live desk (the circuit up first, so the click is the live page's).</summary>
    public static async Task<ILocator> OpenOnDeskAsync(IPage desk, string id)
    {
        await Assertions.Expect(desk.Locator(".desk")).ToHaveAttributeAsync("data-interactive", "true", new() { Timeout = Timeout });
        await desk.Locator($"[data-testid='ticket-table'] [data-ticket='{id}']").ClickAsync(new() { Timeout = Timeout });
        var detail = desk.Locator("[data-testid='ticket-detail']");
        await Assertions.Expect(detail.Locator("article.ticket")).ToHaveAttributeAsync("data-ticket", id, new() { Timeout = Timeout });
        return detail;
    }

    /// <summary>Takes a workflow step with the detail's button (<c>File</c>, <c>Dispatch</c>, <c>Close</c>…) and waits for the status it leads to.</summary>
    public static async Task ActOnDeskAsync(ILocator detail, string action, string statusAfter)
    {
        await detail.Locator($"button[data-action='{action}']").ClickAsync();
        await Assertions.Expect(detail.Locator("article.ticket")).ToHaveAttributeAsync("data-status", statusAfter, new() { Timeout = Timeout });
    }

    /// <summary>派遣 on the desk to a department by its id.</summary>
    public static async Task DispatchOnDeskAsync(ILocator detail, string department)
    {
        await detail.Locator("[data-testid='dispatch-level']").SelectOptionAsync("Department");
        await detail.Locator("[data-testid='dispatch-target']").FillAsync(department);
        await ActOnDeskAsync(detail, "Dispatch", "Dispatched");
    }

    /// <summary>Hands a photo drawn by the page's canvas to a file field, as a phone's camera would.</summary>
    public static async Task AttachPhotoAsync(IPage page, ILocator field, string name) =>
        await field.SetInputFilesAsync(new FilePayload { Name = name, MimeType = "image/jpeg", Buffer = await CanvasPhotos.JpegAsync(page) });
}
