using System.Net;
using CommandCenter.Testing;
using Shouldly;

namespace CommandCenter.Tests.Auth;

/// <summary>
/// Guessing passwords is throttled, never turned into a lockout: over the limit the sign-in answers
/// 429 with Retry-After without checking the password, the operators see a warning, and the right
/// password works again once the window turns — the account itself was never locked.
/// </summary>
public sealed class SignInLimitTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Burst_OverThePerUserLimit_Is429WithRetryAfter_AndTheAccountIsNotLocked()
    {
        await using var influx = await InfluxServer.StartAsync();
        await using var host = await CommandCenterProcess.StartAsync(influx.Url, "--SignIn:PerUserPer15Minutes=3");
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(host.BaseUrl) };
        var token = await ConsoleSignIn.AntiforgeryTokenAsync(http);

        var answers = new List<HttpResponseMessage>();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            answers.Add(await http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["UserName"] = "wall",
                ["Password"] = "guess-" + attempt,
            }), Cancel));
        }

        answers.Take(3).ShouldAllBe(answer => answer.StatusCode == HttpStatusCode.Redirect);
        answers[3].StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        int.Parse(answers[3].Headers.GetValues("Retry-After").Single()).ShouldBeGreaterThan(0);
        await Eventually.TrueAsync(
            () => Task.FromResult(host.Log.Lines.Any(line => line.Contains("Sign-in throttled for user 'wall'", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(10),
            "the throttling warning in the log");
        // Another name from the same address is not held back by the first name's limit.
        await ConsoleSignIn.SignInAsync(host.BaseUrl, "admin", ConsoleSignIn.DemoPassword(host.DataFolder, "admin"), ConsoleSignIn.DemoAuthenticatorKey(host.DataFolder, "admin"));
    }
}
