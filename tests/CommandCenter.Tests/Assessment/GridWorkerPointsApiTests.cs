using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Testing;
using CommandCenter.Tests.Consoles;
using Shouldly;
using Shape = CommandCenter.Tests.Auth.DemoCityShape;

namespace CommandCenter.Tests.Assessment;

/// <summary>
/// The grid workers' points through the real command center: a case a demo grid worker reports, verifies and sees closed
/// earns them the configured points once it finishes (the identity store tells who is a grid worker and where), and the
/// scores API answers each caller for their own area only; the worker's phone page lists the awards behind their points.
/// </summary>
[Collection(ConsoleHostCollection.Name)]
public sealed class GridWorkerPointsApiTests(ConsoleHostFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static readonly string Worker = $"gridworker-{Shape.Grid}";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Scores_CaseReportedVerifiedAndClosed_AwardTheWorkerAndAreScopedToTheCallersArea()
    {
        var host = fixture.Host;
        using var worker = await host.SignInAsync(Worker);
        using var district = await host.SignInAsync($"operator-{Shape.District}");
        var created = await worker.PostAsJsonAsync("/api/tickets", new
        {
            source = nameof(TicketSource.GridWorker),
            category = TicketCategoryCodes.RoadCleaning,
            description = "积分 points probe",
            gridId = Shape.Grid,
        }, Ct);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("ticket").GetProperty("id").GetString()!;
        await StepAsync(host.Http, id, "file");
        await StepAsync(host.Http, id, "dispatch", new { target = new { level = "Grid", id = Shape.Grid } });
        await StepAsync(host.Http, id, "start");
        await StepAsync(host.Http, id, "feedback");
        await StepAsync(worker, id, "verify");
        await StepAsync(host.Http, id, "close");

        // Filed 2 + closed 3 + verified on time 2, by the defaults: this case's awards on the worker's phone (other tests of
        // the shared host give the same worker points of their own, so the totals only grow by at least these).
        var awards = await Eventually.ValueAsync(
            async () => AwardsFor(await worker.GetStringAsync("/m/points", Ct), id) is { Count: 3 } found ? found : null,
            Deadline,
            $"{Worker}'s three awards for {id} on /m/points");
        awards.ShouldBe(new Dictionary<string, string> { ["report-accepted"] = "+2", ["report-closed"] = "+3", ["verified-on-time"] = "+2" }, ignoreOrder: true);
        WorkerOf(await ScoresAsync(district, "")).ShouldNotBeNull().GetProperty("points").GetInt32().ShouldBeGreaterThanOrEqualTo(7);
        WorkerOf(await ScoresAsync(worker, "")).ShouldNotBeNull("a grid worker reads their own grid");
        var phone = await worker.GetStringAsync("/m/points", Ct);
        WebUtility.HtmlDecode(phone).ShouldContain("按时核查");
        WorkerOf(await ScoresAsync(host.Http, $"?area=district/{Shape.OtherDistrict}")).ShouldBeNull("the other district lists its own workers only");
        (await district.GetAsync($"/api/scores/grid-workers?area=district/{Shape.OtherDistrict}", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await worker.GetAsync($"/api/scores/grid-workers?area=district/{Shape.OtherDistrict}", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await district.GetAsync("/api/scores/grid-workers?area=street/999999999", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var badMonth = await district.GetAsync("/api/scores/grid-workers?month=2026-13", Ct);
        badMonth.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badMonth.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").GetArrayLength().ShouldBe(1);
    }

    /// <summary>The awards the phone page lists for a case: rule → points as shown (+2).</summary>
    private static Dictionary<string, string> AwardsFor(string page, string ticketId) =>
        Regex.Matches(page, $"data-rule=\"(?<rule>[^\"]+)\" data-ticket=\"{Regex.Escape(ticketId)}\">.*?<span class=\"points\">(?<points>[^<]+)</span>", RegexOptions.Singleline)
            .ToDictionary(match => match.Groups["rule"].Value, match => WebUtility.HtmlDecode(match.Groups["points"].Value));

    private static async Task StepAsync(HttpClient client, string id, string action, object? body = null)
    {
        using var response = await client.PostAsJsonAsync($"/api/tickets/{id}/{action}", body ?? new { comment = action }, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{action}: {await response.Content.ReadAsStringAsync(Ct)}");
    }

    private static async Task<JsonElement> ScoresAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync($"/api/scores/grid-workers{query}", Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private static JsonElement? WorkerOf(JsonElement scores) =>
        scores.GetProperty("workers").EnumerateArray().Where(w => w.GetProperty("worker").GetString() == Worker).Select(w => (JsonElement?)w).FirstOrDefault();
}
