using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Testing;
using CommandCenter.Tests.Consoles;
using Shouldly;
using Shape = CommandCenter.Tests.Auth.DemoCityShape;

namespace CommandCenter.Tests.Photos;

/// <summary>
/// Photos on tickets through the real command center with the demo city: attached with the report, listed as links,
/// served to who sees the case and to nobody else, refused with reasons, and gone once the store no longer has them.
/// </summary>
[Collection(ConsoleHostCollection.Name)]
public sealed class PhotoApiTests(ConsoleHostFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Attach_APhoneJpegToTheReport_IsListedAndServedWithoutExifToTheCityButNotToAnotherDistrict()
    {
        using var operatorClient = await SignInAsync("operator");
        var id = await ReportAsync(operatorClient, Shape.GridElsewhere);

        var attached = await AttachAsync(operatorClient, id, "report", ("phone.jpg", TestPhotos.JpegWithExifGps(2000, 1000)));

        attached.StatusCode.ShouldBe(HttpStatusCode.OK, await attached.Content.ReadAsStringAsync(Ct));
        var link = $"/api/tickets/{id}/photos/1";
        var ticket = (await operatorClient.GetFromJsonAsync<JsonObject>($"/api/tickets/{id}", Ct))!;
        ticket["photos"]!.AsArray().Select(p => p!.GetValue<string>()).ShouldBe([link]);
        var record = ticket["ticket"]!["photoRecords"]!.AsArray().ShouldHaveSingleItem()!;
        (record["number"]!.GetValue<int>(), record["step"]!.GetValue<string>(), record["actor"]!.GetValue<string>()).ShouldBe((1, "Report", "operator"));

        using var photo = await operatorClient.GetAsync(link, Ct);
        photo.StatusCode.ShouldBe(HttpStatusCode.OK);
        photo.Content.Headers.ContentType!.MediaType.ShouldBe("image/jpeg");
        photo.Headers.CacheControl!.Private.ShouldBeTrue();
        var bytes = await photo.Content.ReadAsByteArrayAsync(Ct);
        TestPhotos.Segments(bytes).ShouldNotContain(segment => segment.Marker == 0xE1, "the served photo carries EXIF");

        using var districtOperator = await SignInAsync($"operator-{Shape.District}");
        using var outside = await districtOperator.GetAsync(link, Ct);
        outside.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        outside.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await operatorClient.GetAsync($"/api/tickets/{id}/photos/2", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Attach_AnOversizedFileTextNamedJpgAndADecompressionBomb_AreRefusedWithReasonsAndNothingIsAttached()
    {
        using var operatorClient = await SignInAsync("operator");
        var id = await ReportAsync(operatorClient, Shape.Grid);

        var refused = await AttachAsync(
            operatorClient, id, "report",
            ("big.jpg", [0xFF, 0xD8, 0xFF, .. new byte[5 * 1024 * 1024]]),
            ("street.jpg", "<html>not a photo</html>"u8.ToArray()),
            ("bomb.png", TestPhotos.PngBomb(100_000, 100_000)));

        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
        errors.ShouldBe(
        [
            "big.jpg is 5 MB; a photo may be at most 5 MB.",
            "street.jpg is not a JPEG, PNG or WebP image (judged by its content, not its name or type).",
            "bomb.png declares 100000 × 100000 pixels (10000 megapixels); at most 40 megapixels are accepted, so it is not decoded.",
        ]);
        var ticket = (await operatorClient.GetFromJsonAsync<JsonObject>($"/api/tickets/{id}", Ct))!;
        ticket["photos"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Get_APhotoTheStoreNoLongerHas_AnswersGoneNamingTheRetention()
    {
        using var operatorClient = await SignInAsync("operator");
        var id = await ReportAsync(operatorClient, Shape.Grid);
        (await AttachAsync(operatorClient, id, "report", ("a.jpg", TestPhotos.Jpeg(64, 48)))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var ticket = (await operatorClient.GetFromJsonAsync<JsonObject>($"/api/tickets/{id}", Ct))!;
        var photoId = ticket["ticket"]!["photoRecords"]![0]!["photoId"]!.GetValue<string>();

        // What the retention sweep leaves (PhotoStoreTests sweeps on fake time): the ticket's record, without the file (yyyy/MM/dd/{guid}.jpg).
        var file = photoId.Split('-')[1];
        File.Delete(Directory.GetFiles(Path.Combine(fixture.Host.DataFolder, "photos"), file, SearchOption.AllDirectories).ShouldHaveSingleItem());

        using var gone = await operatorClient.GetAsync($"/api/tickets/{id}/photos/1", Ct);
        gone.StatusCode.ShouldBe(HttpStatusCode.Gone);
        (await gone.Content.ReadFromJsonAsync<JsonObject>(Ct))!["detail"]!.GetValue<string>()
            .ShouldBe($"Photo 1 of ticket {id} was removed: photos are kept 1826 days (Photos:KeepDays).");
    }

    private async Task<HttpClient> SignInAsync(string user)
    {
        var client = await fixture.Host.SignInAsync(user);
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
        return client;
    }

    private static async Task<string> ReportAsync(HttpClient client, string gridId)
    {
        var created = await client.PostAsJsonAsync("/api/tickets", new
        {
            source = nameof(TicketSource.GridWorker),
            category = TicketCategoryCodes.ExposedGarbage,
            description = "照片测试 photo test",
            gridId,
        }, Ct);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        return (await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["ticket"]!["id"]!.GetValue<string>();
    }

    private static Task<HttpResponseMessage> AttachAsync(HttpClient client, string id, string step, params (string Name, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent { { new StringContent(step), "step" } };
        foreach (var (name, bytes) in files)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(file, "photo", name);
        }

        return client.PostAsync($"/api/tickets/{id}/photos", form, Ct);
    }
}
