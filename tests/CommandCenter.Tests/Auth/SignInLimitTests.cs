using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Testing;
using CommandCenter.Tests.Consoles;
using Shouldly;

namespace CommandCenter.Tests.Auth;

/// <summary>
/// Guessing passwords is throttled, never turned into a lockout: over the limit the sign-in answers
/// 429 with Retry-After without checking the password, and the operators are told once — in the log,
/// the audit log and on the hub's security alerts — however long the guessing goes on. The account
/// itself is never locked.
/// </summary>
public sealed class SignInLimitTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Burst_OverThePerUserLimit_Is429WithRetryAfter_AlertedOnce_OtherNamesStillSignIn()
    {
        await using var influx = await InfluxServer.StartAsync();
        await using var host = await CommandCenterProcess.StartAsync(influx.Url, "--SignIn:PerUserPer15Minutes=3");
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(host.BaseUrl) };
        var token = await ConsoleSignIn.AntiforgeryTokenAsync(http);

        await using var adminHub = await LiveClient.ConnectAsync(host.BaseUrl, await host.CookiesOfAsync("admin"));
        await adminHub.JoinSecurityAlertsAsync();

        var answers = new List<HttpResponseMessage>();
        for (var attempt = 0; attempt < 6; attempt++)
        {
            answers.Add(await http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["UserName"] = "wall",
                ["Password"] = "guess-" + attempt,
            }), Cancel));
        }

        answers.Take(3).ShouldAllBe(answer => answer.StatusCode == HttpStatusCode.Redirect);
        answers.Skip(3).ShouldAllBe(answer => answer.StatusCode == HttpStatusCode.TooManyRequests);
        int.Parse(answers[3].Headers.GetValues("Retry-After").Single()).ShouldBeGreaterThan(0);
        (await answers[3].Content.ReadAsStringAsync(Cancel)).ShouldContain("SignIn:PerUserPer15Minutes");

        // Three refusals, one alert.
        const string partition = "user:wall@127.0.0.1";
        await Eventually.TrueAsync(
            () => Task.FromResult(adminHub.Throttled.Any(alert => alert.Partition == partition)),
            TimeSpan.FromSeconds(10),
            "the throttling alert on the admin's hub connection");
        // Another name from the same address is not held back by the first name's limit.
        using var admin = await host.SignInAsync("admin");
        var audit = await admin.GetFromJsonAsync<JsonElement>($"/api/audit?action=throttled&target={Uri.EscapeDataString(partition)}", Cancel);
        audit.GetProperty("items").GetArrayLength().ShouldBe(1);
        await Eventually.TrueAsync(
            () => Task.FromResult(host.Log.Lines.Any(line => line.Contains($"Throttling {partition}", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(10),
            "the throttling warning in the log");
        host.Log.Lines.Count(line => line.Contains($"Throttling {partition}", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public async Task WrongPasswords_PastTheFreeOnes_MakeEvenTheRightOneWaitThenItSignsIn()
    {
        await using var influx = await InfluxServer.StartAsync();
        await using var host = await CommandCenterProcess.StartAsync(influx.Url, "--SignIn:FreeFailures=2", "--SignIn:MaxBackoffSeconds=2");
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(host.BaseUrl) };
        var token = await ConsoleSignIn.AntiforgeryTokenAsync(http);
        var password = ConsoleSignIn.DemoPassword(host.DataFolder, "wall");

        for (var attempt = 0; attempt < 3; attempt++)
        {
            (await SignInAsync(http, token, "wall", "guess-" + attempt)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        using var waiting = await SignInAsync(http, token, "wall", password);
        waiting.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests, "the third wrong password in a row starts a wait that even the right one honours");
        int.Parse(waiting.Headers.GetValues("Retry-After").Single()).ShouldBe(1);
        (await waiting.Content.ReadAsStringAsync(Cancel)).ShouldContain("连续 3 次");

        // Once the wait is over (polled, never slept), the right password signs in and lands on the wall.
        HttpResponseMessage? signedIn = null;
        await Eventually.TrueAsync(
            async () => (signedIn = await SignInAsync(http, token, "wall", password)).StatusCode == HttpStatusCode.Redirect,
            TimeSpan.FromSeconds(10),
            "the right password to be taken after the wait");
        signedIn!.Headers.Location!.OriginalString.ShouldBe("/");
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient http, string token, string userName, string password) =>
        http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["UserName"] = userName,
            ["Password"] = password,
        }), Cancel);
}
