using CommandCenter.Grains.Abstractions;
using CommandCenter.Api;
using System.Text.Json;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CommandCenter.Tests.EndToEnd;
using Shouldly;

namespace CommandCenter.Tests.Tickets;

/// <summary>The REST and Open311 APIs of the real command center process, as a reporting app or a console uses them.</summary>
[Collection(CommandCenterCollection.Name)]
public sealed class TicketApiTests(CommandCenterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Http => fixture.Host.Http;

    [Fact]
    public async Task RestApi_ReportToClose_FollowsTheWorkflowAndRefusesIllegalMovesWithoutChange()
    {
        var report = new
        {
            source = "Hotline12345",
            category = "road-cleaning",
            description = "解放西街路面油污 oil on Jiefang West Street",
            address = "解放西街 12 号",
            reporter = "12345 热线 坐席 07",
        };

        var created = await Http.PostAsJsonAsync("/api/tickets", report, Ct);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await JsonAsync(created))["ticket"]!["id"]!.GetValue<string>();
        created.Headers.Location!.ToString().ShouldBe($"/api/tickets/{id}");

        var illegal = await ActAsync(id, "close", new { actor = "王" });
        illegal.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = await JsonAsync(illegal);
        problem["currentState"]!.GetValue<string>().ShouldBe("Reported");
        problem["allowedActions"]!.AsArray().Select(a => a!.GetValue<string>()).ShouldBe(["File", "Cancel"], ignoreOrder: true);
        (await GetAsync(id))["ticket"]!["status"]!.GetValue<string>().ShouldBe("Reported");

        (await ActAsync(id, "file", new { actor = "受理员 张" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var invalid = await ActAsync(id, "dispatch", new { actor = "派遣员 王" });
        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var invalidProblem = await JsonAsync(invalid);
        invalidProblem["currentState"]!.GetValue<string>().ShouldBe("Filed");
        invalidProblem["errors"]!.AsArray().ShouldNotBeEmpty();

        var target = new { level = "Department", id = "城管局" };
        (await ActAsync(id, "dispatch", new { actor = "派遣员 王", target, assignee = "环卫一队" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        foreach (var action in new[] { "start", "feedback", "verify" })
        {
            (await ActAsync(id, action, new { actor = "处置员 刘", comment = action })).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        (await ActAsync(id, "send-back", new { actor = "核查员 赵", comment = "仍有油污 still oily" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        foreach (var action in new[] { "start", "feedback", "verify", "close" })
        {
            (await ActAsync(id, action, new { actor = "处置员 刘" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var closed = await GetAsync(id);
        closed["ticket"]!["status"]!.GetValue<string>().ShouldBe("Closed");
        closed["ticket"]!["reworkCount"]!.GetValue<int>().ShouldBe(1);
        closed["audit"]!.AsArray().Count.ShouldBe(11);
        var listed = await Http.GetFromJsonAsync<JsonObject>("/api/tickets?status=Closed&category=road-cleaning&area=department/城管局&pageSize=500", Ct);
        listed!["items"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()).ShouldContain(id);
        (await Http.GetFromJsonAsync<JsonObject>("/api/tickets/kpis", Ct))!["reworks"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(1);
        (await Http.GetAsync("/api/tickets?level=purple", Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Http.GetAsync("/api/tickets/WO-19990101-000001", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Step_WithAMegabyteComment_IsRefusedNamingTheCommentAndNothingIsStored()
    {
        var created = await Http.PostAsJsonAsync("/api/tickets", new
        {
            source = "Hotline12345",
            category = "road-cleaning",
            description = "路面油污 oil on the road",
            address = "解放西街 12 号",
            reporter = "12345 热线 坐席 07",
        }, Ct);
        var id = (await JsonAsync(created))["ticket"]!["id"]!.GetValue<string>();

        var refused = await ActAsync(id, "cancel", new { actor = "受理员 张", comment = new string('评', 1_000_000) });

        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync(Ct)).ShouldContain("comment");
        var ticket = await GetAsync(id);
        ticket["ticket"]!["status"]!.GetValue<string>().ShouldBe("Reported");
        ticket["audit"]!.AsArray().Count.ShouldBe(1);
        (await Http.GetAsync("/api/tickets", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Open311_PostFormEncodedThenGet_ListsTheServiceRequest()
    {
        using var reportingApp = fixture.Host.ApiKeyClient("open311");
        var services = await Http.GetFromJsonAsync<JsonArray>("/open311/v2/services.json", Ct);
        var garbage = services!.Single(s => s!["service_code"]!.GetValue<string>() == "exposed-garbage")!;
        garbage["metadata"]!.GetValue<bool>().ShouldBeFalse();
        garbage["type"]!.GetValue<string>().ShouldBe("realtime");

        var posted = await reportingApp.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["service_code"] = "exposed-garbage",
            ["lat"] = "38.4872",
            ["long"] = "106.2309",
            ["description"] = "小区门口垃圾堆放 garbage piled at the gate",
            ["first_name"] = "Li",
            ["last_name"] = "Wei",
            ["email"] = "li.wei@example.org",
        }), Ct);
        posted.StatusCode.ShouldBe(HttpStatusCode.OK);
        var answer = (await posted.Content.ReadFromJsonAsync<JsonArray>(Ct))!.Single()!;
        var id = answer["service_request_id"]!.GetValue<string>();
        answer["service_notice"]!.GetValue<string>().ShouldContain(id);
        answer.AsObject().ContainsKey("account_id").ShouldBeTrue();

        var byId = (await Http.GetFromJsonAsync<JsonArray>($"/open311/v2/requests.json?service_request_id={id}", Ct))!.Single()!;
        byId["status"]!.GetValue<string>().ShouldBe("open");
        byId["service_code"]!.GetValue<string>().ShouldBe("exposed-garbage");
        byId["lat"]!.GetValue<double>().ShouldBe(38.4872);
        byId["long"]!.GetValue<double>().ShouldBe(106.2309);
        byId["requested_datetime"]!.GetValue<string>().ShouldEndWith("+08:00");
        var open = await Http.GetFromJsonAsync<JsonArray>("/open311/v2/requests.json?status=open&service_code=exposed-garbage", Ct);
        open!.Select(r => r!["service_request_id"]!.GetValue<string>()).ShouldContain(id);
        (await Http.GetFromJsonAsync<JsonArray>($"/open311/v2/requests/{id}.json", Ct))!.Single()!["description"]!.GetValue<string>()
            .ShouldBe("小区门口垃圾堆放 garbage piled at the gate");
        (await GetAsync(id))["ticket"]!["source"]!.GetValue<string>().ShouldBe("Open311");

        var missing = await reportingApp.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(new Dictionary<string, string> { ["lat"] = "38.4" }), Ct);
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await missing.Content.ReadFromJsonAsync<JsonArray>(Ct))!.Single()!["code"]!.GetValue<int>().ShouldBe(400);
        (await Http.GetAsync("/open311/v2/services/exposed-garbage.json", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("NaN", "106.2309")]
    [InlineData("38.4872", "Infinity")]
    [InlineData("-Infinity", "106.2309")]
    [InlineData("1e999", "106.2309")]
    [InlineData("91", "106.2309")]
    [InlineData("38.4872", "-180.5")]
    public async Task Open311_NonFiniteOrOutOfRangeCoordinates_AreRefusedAndListsStayWhole(string lat, string lon)
    {
        using var reportingApp = fixture.Host.ApiKeyClient("open311");
        var before = (await Http.GetFromJsonAsync<JsonObject>("/api/tickets?pageSize=1", Ct))!["total"]!.GetValue<int>();

        var posted = await reportingApp.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["service_code"] = "exposed-garbage",
            ["lat"] = lat,
            ["long"] = lon,
            ["description"] = "coordinates that are no place on Earth",
        }), Ct);

        posted.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await posted.Content.ReadFromJsonAsync<JsonArray>(Ct))!.Single()!["description"]!.GetValue<string>().ShouldContain("lat");
        (await Http.GetFromJsonAsync<JsonObject>("/api/tickets?pageSize=1", Ct))!["total"]!.GetValue<int>().ShouldBe(before);
        (await Http.GetAsync("/open311/v2/requests.json", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("1e999", "106.2")]
    [InlineData("38.4", "-1e400")]
    [InlineData("95.5", "106.2")]
    public async Task ReportJson_NonFiniteOrOutOfRangeCoordinates_AreRefusedAndNothingIsStored(string lat, string lon)
    {
        var before = (await Http.GetFromJsonAsync<JsonObject>("/api/tickets?pageSize=1", Ct))!["total"]!.GetValue<int>();
        var body = "{\"source\":\"grid-worker\",\"category\":\"road-cleaning\",\"description\":\"x\",\"lat\":" + lat + ",\"long\":" + lon + ",\"reporter\":\"王网格\"}";

        var posted = await Http.PostAsync("/api/tickets", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);

        posted.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Http.GetFromJsonAsync<JsonObject>("/api/tickets?pageSize=1", Ct))!["total"]!.GetValue<int>().ShouldBe(before);
    }

    [Fact]
    public void ApiJson_ANonFiniteNumberStoredBeforeInputWasChecked_IsAnsweredAsNull()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new ApiJsonExtensions.NonFiniteAsNull() } };

        var json = JsonSerializer.Serialize(new TicketLocation("grid/1", null, double.NaN, double.PositiveInfinity), options);

        json.ShouldBe("{\"gridId\":\"grid/1\",\"address\":null,\"latitude\":null,\"longitude\":null,\"elevatorId\":null,\"communityId\":null,\"streetId\":null,\"districtId\":null}");
    }

    [Fact]
    public async Task OpenApi_Document_DescribesTheTicketAndOpen311Routes()
    {
        var document = await Http.GetFromJsonAsync<JsonObject>("/openapi/v1.json", Ct);

        var paths = document!["paths"]!.AsObject();
        paths.ShouldContainKey("/api/tickets/{id}/send-back");
        paths.ShouldContainKey("/api/tickets/kpis");
        paths.ShouldContainKey("/open311/v2/requests.json");
    }

    private Task<HttpResponseMessage> ActAsync(string id, string action, object body) => Http.PostAsJsonAsync($"/api/tickets/{id}/{action}", body, Ct);

    private async Task<JsonObject> GetAsync(string id) => (await Http.GetFromJsonAsync<JsonObject>($"/api/tickets/{id}", Ct))!;

    private static async Task<JsonObject> JsonAsync(HttpResponseMessage response) => (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
}
