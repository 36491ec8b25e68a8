using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CommandCenter.Tests.EndToEnd;
using Shouldly;

namespace CommandCenter.Tests.Api;

/// <summary>
/// Requests the framework itself refuses still get a ProblemDetails that says why; every refusal is in the
/// request's language: Chinese by default, English for <c>?lang=en</c> (remembered) or Accept-Language.
/// </summary>
[Collection(CommandCenterCollection.Name)]
public sealed class ApiErrorTests(CommandCenterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BodyThatIsNotJson_Answers400ProblemNamingTheBody()
    {
        using var body = new StringContent("source=Hotline12345&category=road-cleaning", Encoding.UTF8, "application/json");

        var answer = await fixture.Host.Http.PostAsync("/api/tickets", body, Ct);

        answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        answer.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>(Ct);
        problem.GetProperty("status").GetInt32().ShouldBe(400);
        var detail = problem.GetProperty("detail").GetString() ?? "";
        detail.ShouldContain("JSON");
        detail.ShouldContain("from the request body");
        (await fixture.Host.Http.GetAsync("/health", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK, "a refused request disturbs nothing");
        fixture.Host.ErrorLines.ShouldNotContain(line => line.Contains("BadHttpRequestException", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MissingRequiredQueryParameter_Answers400ProblemNamingIt()
    {
        var answer = await fixture.Host.Http.PostAsJsonAsync("/api/alarms/act?action=respond", new { comment = "on my way" }, Ct);

        answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>(Ct);
        (problem.GetProperty("detail").GetString() ?? "").ShouldContain("\"string id\" was not provided from query string");
    }

    [Fact]
    public async Task Refusal_WithoutALanguage_IsInChinese()
    {
        using var operatorClient = await fixture.Host.SignInAsync("operator");

        var problem = await ProblemOfAsync(operatorClient, new HttpRequestMessage(HttpMethod.Get, "/api/alarms/EL-NONE/11/20261206080000"));

        problem.GetProperty("title").GetString().ShouldBe("未找到");
        problem.GetProperty("detail").GetString().ShouldBe("报警“EL-NONE/11/20261206080000”不存在。");
    }

    [Fact]
    public async Task Refusal_ForAnApiClientAskingForEnglish_IsInEnglish()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/alarms/EL-NONE/11/20261206080000");
        request.Headers.AcceptLanguage.ParseAdd("en-US,en;q=0.9");

        var problem = await ProblemOfAsync(fixture.Host.Http, request);

        problem.GetProperty("title").GetString().ShouldBe("Not Found");
        problem.GetProperty("detail").GetString().ShouldBe("Alarm 'EL-NONE/11/20261206080000' does not exist.");
    }

    [Fact]
    public async Task Refusal_AfterLangEn_IsInEnglishAndStaysEnglishUntilLangZh()
    {
        using var operatorClient = await fixture.Host.SignInAsync("operator");

        var english = await ProblemOfAsync(operatorClient, new HttpRequestMessage(HttpMethod.Get, "/api/areas/district/NOWHERE?lang=en"));
        var remembered = await ProblemOfAsync(operatorClient, new HttpRequestMessage(HttpMethod.Get, "/api/areas/district/NOWHERE"));
        var chinese = await ProblemOfAsync(operatorClient, new HttpRequestMessage(HttpMethod.Get, "/api/areas/district/NOWHERE?lang=zh-CN"));

        english.GetProperty("detail").GetString().ShouldStartWith("Area 'district/NOWHERE' does not exist;");
        remembered.GetProperty("detail").GetString().ShouldStartWith("Area 'district/NOWHERE' does not exist;", customMessage: "the culture cookie remembers ?lang=en");
        chinese.GetProperty("detail").GetString().ShouldStartWith("区域“district/NOWHERE”不存在；");
    }

    [Fact]
    public async Task Unauthenticated_ApiCall_Answers401InTheRequestsLanguage()
    {
        // Accept-Language rather than ?lang=en: the shared anonymous client would keep the culture cookie for other tests.
        var chinese = await ProblemOfAsync(fixture.Host.Anonymous, new HttpRequestMessage(HttpMethod.Get, "/api/alarms"));
        var inEnglish = new HttpRequestMessage(HttpMethod.Get, "/api/alarms");
        inEnglish.Headers.AcceptLanguage.ParseAdd("en");
        var english = await ProblemOfAsync(fixture.Host.Anonymous, inEnglish);

        (chinese.GetProperty("title").GetString(), chinese.GetProperty("detail").GetString()).ShouldBe(
            ("未登录", "请先登录（POST /account/login，或在 'Authorization: Bearer …' 中提供 API 密钥）。"));
        (english.GetProperty("title").GetString(), english.GetProperty("detail").GetString()).ShouldBe(
            ("Unauthorized", "Sign in first (POST /account/login, or an API key in 'Authorization: Bearer …')."));
    }

    private static async Task<JsonElement> ProblemOfAsync(HttpClient client, HttpRequestMessage request)
    {
        using (request)
        {
            using var answer = await client.SendAsync(request, Ct);
            answer.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
            return await answer.Content.ReadFromJsonAsync<JsonElement>(Ct);
        }
    }
}
