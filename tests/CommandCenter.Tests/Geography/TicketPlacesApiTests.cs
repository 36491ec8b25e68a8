using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CommandCenter.Geography.Sources;
using CommandCenter.Tests.Consoles;
using Shouldly;

namespace CommandCenter.Tests.Geography;

/// <summary>
/// Positions given to the real command center (demo city) resolve to the tree: a work order and an Open311 request
/// at 兴庆区's label point are stored in its grid, community, street and district; a position outside is refused.
/// </summary>
[Collection(ConsoleHostCollection.Name)]
public sealed class TicketPlacesApiTests(ConsoleHostFixture fixture)
{
    private const double Latitude = 38.4736;
    private const double Longitude = 106.2886;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Http => fixture.Host.Http;

    [Fact]
    public async Task WorkOrderAtXingqingsLabelPoint_IsStoredAndAnsweredWithItsGridCommunityStreetAndDistrict()
    {
        var created = await Http.PostAsJsonAsync("/api/tickets", new
        {
            source = "GridWorker",
            category = "exposed-garbage",
            description = "解放街口垃圾 garbage at the corner",
            lat = Latitude,
            @long = Longitude,
            reporter = "王网格",
        }, Ct);

        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        var ticket = (await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["ticket"]!;
        var answered = ticket["location"]!;
        ShouldBeInXingqing(answered);
        var id = ticket["id"]!.GetValue<string>();
        var stored = (await Http.GetFromJsonAsync<JsonObject>($"/api/tickets/{id}", Ct))!["ticket"]!["location"]!;
        ShouldBeInXingqing(stored);
        stored["gridId"]!.GetValue<string>().ShouldBe(answered["gridId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Open311RequestAtXingqingsLabelPoint_IsStoredWithItsGridCommunityStreetAndDistrict()
    {
        using var reportingApp = fixture.Host.ApiKeyClient("open311");

        var posted = await reportingApp.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["service_code"] = "exposed-garbage",
            ["lat"] = "38.4736",
            ["long"] = "106.2886",
            ["description"] = "垃圾堆放 garbage piled up",
        }), Ct);

        posted.StatusCode.ShouldBe(HttpStatusCode.OK, await posted.Content.ReadAsStringAsync(Ct));
        var id = (await posted.Content.ReadFromJsonAsync<JsonArray>(Ct))!.Single()!["service_request_id"]!.GetValue<string>();
        ShouldBeInXingqing((await Http.GetFromJsonAsync<JsonObject>($"/api/tickets/{id}", Ct))!["ticket"]!["location"]!);
    }

    [Fact]
    public async Task WorkOrderOutsideTheDemoCity_IsRefusedWithTheReasonAndNothingIsStored()
    {
        var before = (await Http.GetFromJsonAsync<JsonObject>("/api/tickets?pageSize=1", Ct))!["total"]!.GetValue<int>();

        // 西夏区's label point: in Yinchuan, but not in the demo city's two districts.
        var xixia = YinchuanAtlas.Districts.Single(d => d.Code == "640105").Label;
        var posted = await Http.PostAsJsonAsync("/api/tickets", new
        {
            source = "GridWorker",
            category = "exposed-garbage",
            description = "x",
            lat = xixia.Y,
            @long = xixia.X,
            reporter = "王网格",
        }, Ct);

        posted.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        // The reason names the position and the districts the city covers (兴庆区 640104、金凤区 640106).
        var problem = await posted.Content.ReadAsStringAsync(Ct);
        problem.ShouldContain("640104");
        problem.ShouldContain("640106");
        problem.ShouldContain(xixia.Y.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture));
        (await Http.GetFromJsonAsync<JsonObject>("/api/tickets?pageSize=1", Ct))!["total"]!.GetValue<int>().ShouldBe(before);
    }

    [Fact]
    public async Task Open311RequestFarAway_IsRefusedWithTheReason()
    {
        using var reportingApp = fixture.Host.ApiKeyClient("open311");

        var posted = await reportingApp.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["service_code"] = "exposed-garbage",
            ["lat"] = "39.9042",
            ["long"] = "116.4074",
            ["description"] = "Beijing",
        }), Ct);

        posted.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await posted.Content.ReadFromJsonAsync<JsonArray>(Ct))!.Single()!["description"]!.GetValue<string>().ShouldContain("39.9042");
    }

    private static void ShouldBeInXingqing(JsonNode location)
    {
        location["districtId"]!.GetValue<string>().ShouldBe("640104");
        var street = location["streetId"]!.GetValue<string>();
        var community = location["communityId"]!.GetValue<string>();
        street.ShouldStartWith("640104");
        community.ShouldStartWith(street);
        location["gridId"]!.GetValue<string>().ShouldStartWith(community + "-");
    }
}
