using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Testing;
using CommandCenter.Tests.Consoles;
using Shouldly;

namespace CommandCenter.Tests.Auth;

/// <summary>
/// Integration clients are limited per client, whichever key they send and however (bearer header or
/// Open311's <c>api_key</c>): over the limit a request gets 429 ProblemDetails with Retry-After naming the
/// limit, and nothing is stored. People signed in with a cookie are not held back. The first refusal
/// is in the audit log and reaches the operators watching the security alerts, once.
/// </summary>
public sealed class ApiKeyLimitTests : IAsyncLifetime
{
    private const int PerClient = 5;
    private const int Open311Posts = 2;
    private InfluxServer _influx = default!;
    private CommandCenterProcess _host = default!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _influx = await InfluxServer.StartAsync();
        _host = await CommandCenterProcess.StartAsync(
            _influx.Url, $"--ApiKeys:PerClientPerMinute={PerClient}", $"--ApiKeys:Open311PostsPerClientPerMinute={Open311Posts}");
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _influx.DisposeAsync();
    }

    [Fact]
    public async Task Burst_OverThePerClientLimit_Is429ProblemWithRetryAfter_AlertedOnce_CookieUsersUnaffected()
    {
        await using var operatorHub = await LiveClient.ConnectAsync(_host.BaseUrl, await _host.CookiesOfAsync("operator"));
        await operatorHub.JoinSecurityAlertsAsync();
        using var monitoring = _host.ApiKeyClient("monitoring");

        var answers = new List<HttpResponseMessage>();
        for (var request = 0; request < PerClient + 4; request++)
        {
            answers.Add(await monitoring.GetAsync("/api/ingest/stats", Cancel));
        }

        answers.Take(PerClient).ShouldAllBe(answer => answer.StatusCode == HttpStatusCode.OK);
        answers.Skip(PerClient).ShouldAllBe(answer => answer.StatusCode == HttpStatusCode.TooManyRequests);
        var refused = answers[PerClient];
        int.Parse(refused.Headers.GetValues("Retry-After").Single()).ShouldBeGreaterThan(0);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await refused.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString()!.ShouldContain("ApiKeys:PerClientPerMinute");

        // The city operator, signed in with a cookie, reads the same statistics as often as they like.
        for (var request = 0; request < PerClient * 2; request++)
        {
            (await _host.Http.GetAsync("/api/ingest/stats", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        // Four refusals, one alert: in the audit log and on the operator's live connection.
        var entries = await ThrottledEntriesAsync("api-client:monitoring");
        entries.Count.ShouldBe(1);
        entries[0].GetProperty("detail").GetString()!.ShouldContain($"{PerClient} per");
        await Eventually.TrueAsync(
            () => Task.FromResult(operatorHub.Throttled.Any(alert => alert.Partition == "api-client:monitoring")),
            TimeSpan.FromSeconds(10),
            "the throttling alert on the operator's hub connection");
    }

    [Fact]
    public async Task Open311Posts_OverTheirLimit_Are429AndStoreNothing()
    {
        var key = ConsoleSignIn.DemoApiKey(_host.DataFolder, "open311");
        var description = $"limit probe {Guid.NewGuid():N}";

        var answers = new List<HttpResponseMessage>();
        for (var post = 0; post < Open311Posts + 1; post++)
        {
            answers.Add(await _host.Anonymous.PostAsync($"/open311/v2/requests.json?api_key={key}", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["service_code"] = "exposed-garbage",
                ["lat"] = "38.4872",
                ["long"] = "106.2309",
                ["description"] = description,
            }), Cancel));
        }

        answers.Take(Open311Posts).ShouldAllBe(answer => answer.StatusCode == HttpStatusCode.OK);
        var refused = answers[Open311Posts];
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.Contains("Retry-After").ShouldBeTrue();
        (await refused.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString()!.ShouldContain("ApiKeys:Open311PostsPerClientPerMinute");
        var stored = await _host.Anonymous.GetFromJsonAsync<JsonElement>("/open311/v2/requests.json?service_code=exposed-garbage", Cancel);
        stored.EnumerateArray().Count(request => request.GetProperty("description").GetString() == description).ShouldBe(Open311Posts);
        (await ThrottledEntriesAsync("open311-posts:open311")).Count.ShouldBe(1);
    }

    private async Task<List<JsonElement>> ThrottledEntriesAsync(string partition)
    {
        using var admin = await _host.SignInAsync("admin");
        var page = await admin.GetFromJsonAsync<JsonElement>($"/api/audit?action=throttled&target={Uri.EscapeDataString(partition)}", Cancel);
        return [.. page.GetProperty("items").EnumerateArray()];
    }
}
