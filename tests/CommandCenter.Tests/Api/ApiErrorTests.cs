using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CommandCenter.Tests.EndToEnd;
using Shouldly;

namespace CommandCenter.Tests.Api;

/// <summary>Requests the framework itself refuses still get a ProblemDetails that says why.</summary>
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
}
