using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Testing;
using CommandCenter.Tests.EndToEnd;
using Shouldly;

namespace CommandCenter.Tests.Audit;

/// <summary>
/// The audit log of the real command center: sign-ins and work-order steps land in it with who, from
/// where and on what, and only an admin reads it, paged and filtered.
/// </summary>
[Collection(CommandCenterCollection.Name)]
public sealed class AuditApiTests(CommandCenterFixture fixture) : IAsyncLifetime
{
    private const string Loopback = "127.0.0.1";
    private readonly CommandCenterProcess _host = fixture.Host;
    private HttpClient _admin = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _admin = await _host.SignInAsync("admin");

    public ValueTask DisposeAsync()
    {
        _admin.Dispose();
        // An entry that could not be written is logged as an error.
        _host.ErrorLines.ShouldBeEmpty();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Audit_SignInsAndAWorkOrderStep_AdminSeesEachWithActorAddressAndTarget()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var stranger = $"nobody-{Guid.NewGuid():N}";
        using var wall = await _host.SignInAsync("wall");
        await Should.ThrowAsync<InvalidOperationException>(() => ConsoleSignIn.SignInAsync(_host.BaseUrl, "wall", "not the password"));
        await Should.ThrowAsync<InvalidOperationException>(() => ConsoleSignIn.SignInAsync(_host.BaseUrl, stranger, "whatever it is"));
        var ticketId = await ReportAndFileAsync();

        var wallEntries = await ItemsAsync($"/api/audit?target=wall&from={Uri.EscapeDataString(since.ToString("O"))}");
        var strangerEntries = await ItemsAsync($"/api/audit?target={stranger}");
        var ticketEntries = await ItemsAsync($"/api/audit?target={ticketId}");

        wallEntries.Select(Summary).ShouldContain($"sign-in by wall (wall) from {Loopback} on wall: scope city");
        wallEntries.Select(Summary).ShouldContain($"sign-in-refused by anonymous () from {Loopback} on wall: wrong password");
        strangerEntries.Select(Summary).ShouldBe([$"sign-in-refused by anonymous () from {Loopback} on {stranger}: no such user"]);
        ticketEntries.Select(Summary).ShouldBe(
        [
            $"ticket-step by operator (operator) from {Loopback} on {ticketId}: File → Filed",
            $"ticket-report by operator (operator) from {Loopback} on {ticketId}: Hotline12345, road-cleaning",
        ]);
    }

    [Fact]
    public async Task List_OperatorOrAnonymous_IsRefused()
    {
        var asOperator = await _host.Http.GetAsync("/api/audit", Ct);
        var asAnyone = await _host.Anonymous.GetAsync("/api/audit", Ct);

        await ShouldBeProblemAsync(asOperator, HttpStatusCode.Forbidden, "operator（operator，city）无权 GET /api/audit");
        await ShouldBeProblemAsync(asAnyone, HttpStatusCode.Unauthorized, "请先登录");
    }

    [Fact]
    public async Task List_FilteredAndPaged_AnswersNewestFirstAndCountsEveryMatch()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var name = $"guess-{Guid.NewGuid():N}";
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await Should.ThrowAsync<InvalidOperationException>(() => ConsoleSignIn.SignInAsync(_host.BaseUrl, name, "guess"));
        }

        var first = await PageAsync($"/api/audit?target={name}&pageSize=2");
        var second = await PageAsync($"/api/audit?target={name}&pageSize=2&page=2");
        var byActor = await PageAsync($"/api/audit?target={name}&actor=anonymous&action=sign-in-refused");
        var otherActor = await PageAsync($"/api/audit?target={name}&actor=operator");
        var otherAction = await PageAsync($"/api/audit?target={name}&action=sign-in");
        var earlier = await PageAsync($"/api/audit?target={name}&to={Uri.EscapeDataString(before.ToString("O"))}");

        first.GetProperty("total").GetInt32().ShouldBe(3);
        var ids = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(e => e.GetProperty("id").GetInt64()).ToList();
        ids.Count.ShouldBe(3);
        ids.ShouldBe(ids.OrderDescending());
        byActor.GetProperty("total").GetInt32().ShouldBe(3);
        otherActor.GetProperty("total").GetInt32().ShouldBe(0);
        otherAction.GetProperty("total").GetInt32().ShouldBe(0);
        earlier.GetProperty("total").GetInt32().ShouldBe(0);
    }

    [Theory]
    [InlineData("from=yesterday", "from“yesterday”")]
    [InlineData("to=2026-13-45", "to“2026-13-45”")]
    [InlineData("action=signin", "action“signin”")]
    [InlineData("pageSize=501", "pageSize 为 1 到 500")]
    public async Task List_BadFilter_AnswersProblemNamingIt(string query, string named)
    {
        var response = await _admin.GetAsync($"/api/audit?{query}", Ct);

        await ShouldBeProblemAsync(response, HttpStatusCode.BadRequest, named);
    }

    private async Task<string> ReportAndFileAsync()
    {
        var created = await _host.Http.PostAsJsonAsync("/api/tickets", new
        {
            source = "Hotline12345",
            category = "road-cleaning",
            description = "路面油污 oil on the road",
            address = "解放西街 12 号",
        }, Ct);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("ticket").GetProperty("id").GetString()!;
        var filed = await _host.Http.PostAsJsonAsync($"/api/tickets/{id}/file", new { comment = "受理" }, Ct);
        filed.StatusCode.ShouldBe(HttpStatusCode.OK, await filed.Content.ReadAsStringAsync(Ct));
        return id;
    }

    private async Task<JsonElement> PageAsync(string url)
    {
        var response = await _admin.GetAsync(url, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private async Task<List<JsonElement>> ItemsAsync(string url) => [.. (await PageAsync(url)).GetProperty("items").EnumerateArray()];

    private static string Summary(JsonElement entry) =>
        $"{Text(entry, "action")} by {Text(entry, "actor")} ({Text(entry, "actorRole")}) from {Text(entry, "address")} on {Text(entry, "target")}: {Text(entry, "detail")}";

    private static string? Text(JsonElement entry, string property) => entry.GetProperty(property).GetString();

    private static async Task ShouldBeProblemAsync(HttpResponseMessage response, HttpStatusCode status, string reason)
    {
        response.StatusCode.ShouldBe(status);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain(reason);
    }
}
