using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CommandCenter.Testing;
using CommandCenter.Tests.Consoles;
using CommandCenter.Tests.EndToEnd;
using Microsoft.AspNetCore.Http.Connections.Client;
using Shouldly;

namespace CommandCenter.Tests.Auth;

/// <summary>
/// Sessions end when an admin says so, and only then: revoking ends a signed-in session, and closes
/// its live hub connections, within a minute (revoking a client's API keys closes its connections too),
/// locking refuses the next sign-in, and an admin without a second factor never reaches /admin.
/// The host commands (<c>users …</c>) make the changes on the running host's store, as an admin would at 3 a.m.
/// </summary>
[Collection(CommandCenterCollection.Name)]
public sealed partial class SessionTests(CommandCenterFixture fixture)
{
    private static readonly TimeSpan RevocationDeadline = TimeSpan.FromMinutes(1);
    private readonly CommandCenterProcess _host = fixture.Host;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Revoke_SignedInSessionStopsWithinAMinute_ANewSignInWorks()
    {
        using var wall = await _host.SignInAsync("wall");
        (await wall.GetAsync("/api/city", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await UsersCommandAsync("revoke", "wall");

        await Eventually.TrueAsync(
            async () => (await wall.GetAsync("/api/city", Cancel)).StatusCode == HttpStatusCode.Unauthorized, RevocationDeadline, "the revoked session to be refused");
        using var again = await _host.SignInAsync("wall");
        (await again.GetAsync("/api/city", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var admin = await _host.SignInAsync("admin");
        var audit = await admin.GetFromJsonAsync<JsonElement>("/api/audit?action=sessions-revoked&target=wall", Cancel);
        audit.GetProperty("items").EnumerateArray().ShouldContain(entry => entry.GetProperty("actor").GetString()!.StartsWith("host:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Revoke_TheUsersLiveHubConnectionIsClosedWithinAMinute_OtherUsersStayConnected()
    {
        await using var wallHub = await LiveClient.ConnectAsync(_host.BaseUrl, await _host.CookiesOfAsync("wall"));
        await wallHub.JoinWallAsync();
        await using var operatorHub = await LiveClient.ConnectAsync(_host.BaseUrl, await _host.CookiesOfAsync("operator"));
        await operatorHub.JoinWallAsync();

        await UsersCommandAsync("revoke", "wall");

        await Eventually.TrueAsync(() => Task.FromResult(wallHub.IsClosed), RevocationDeadline, "the revoked user's hub connection to be closed");
        // Every connection is re-checked in the same pass: the operator's was found valid in it.
        operatorHub.IsClosed.ShouldBeFalse();
    }

    [Fact]
    public async Task RevokeApiKeys_TheClientsLiveHubConnectionIsClosedWithinAMinute_AndCannotReconnect()
    {
        var added = await UsersCommandAsync("add", "hub-gateway", "--role", "integration", "--scope", "city", "--api-scope", "monitoring");
        var key = AddedApiKey().Match(added).Groups[1].Value;
        void WithKey(HttpConnectionOptions options) => options.Headers["Authorization"] = $"Bearer {key}";
        await using var hub = await LiveClient.ConnectAsync(_host.BaseUrl, WithKey);

        await UsersCommandAsync("revoke-keys", "hub-gateway");

        await Eventually.TrueAsync(() => Task.FromResult(hub.IsClosed), RevocationDeadline, "the revoked key's hub connection to be closed");
        var refused = await Should.ThrowAsync<HttpRequestException>(() => LiveClient.ConnectAsync(_host.BaseUrl, WithKey));
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Lock_RefusesTheNextSignIn_UnlockLetsItIn()
    {
        await UsersCommandAsync("lock", "wall");

        var refused = await Should.ThrowAsync<InvalidOperationException>(() => _host.SignInAsync("wall"));
        refused.Message.ShouldContain("error=locked");

        await UsersCommandAsync("unlock", "wall");
        using var wall = await _host.SignInAsync("wall");
        (await wall.GetAsync("/api/city", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AdminWithoutSecondFactor_CannotOpenAdmin_WithItTheAdminCan()
    {
        var added = await UsersCommandAsync("add", "night-admin", "--role", "admin", "--scope", "city");
        var password = AddedPassword().Match(added).Groups[1].Value;
        var cookies = await ConsoleSignIn.SignInAsync(_host.BaseUrl, "night-admin", password);
        using var withoutFactor = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(_host.BaseUrl) };
        using var demoAdmin = new HttpClient(new HttpClientHandler { CookieContainer = await _host.CookiesOfAsync("admin"), AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(_host.BaseUrl),
        };

        var refused = await withoutFactor.GetAsync("/admin", Cancel);
        var allowed = await demoAdmin.GetAsync("/admin", Cancel);

        refused.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        new Uri(new Uri(_host.BaseUrl), refused.Headers.Location!).AbsolutePath.ShouldBe("/login");
        allowed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await allowed.Content.ReadAsStringAsync(Cancel)).ShouldContain("data-user=\"night-admin\"");
    }

    [Fact]
    public async Task AdminSession_ReCheckedAgainstTheStore_KeepsItsSecondFactorAndStillOpensAdmin()
    {
        using var admin = new HttpClient(new HttpClientHandler { CookieContainer = await _host.CookiesOfAsync("admin"), AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(_host.BaseUrl),
        };

        // The re-check happens on the first request after the interval and renews the cookie: wait for that renewal.
        await Eventually.TrueAsync(
            async () =>
            {
                using var response = await admin.GetAsync("/admin", Cancel);
                response.StatusCode.ShouldBe(HttpStatusCode.OK);
                return response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("cc.session=", StringComparison.Ordinal));
            },
            RevocationDeadline,
            "the session to be re-checked and its cookie renewed");

        (await admin.GetAsync("/admin", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.GetAsync("/api/audit", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task OpeningAccountSecurity_MakesAnAuthenticatorKey_WithoutEndingTheUsersOtherSessions()
    {
        using var desk = await _host.SignInAsync("wall");
        using var laptop = await _host.SignInAsync("wall");

        (await laptop.GetStringAsync("/account/security", Cancel)).ShouldContain("data-testid=\"authenticator-key\"");

        // The other session is re-checked against the store after the interval (its cookie is renewed then): it must survive that.
        await Eventually.TrueAsync(
            async () =>
            {
                using var response = await desk.GetAsync("/api/city", Cancel);
                response.StatusCode.ShouldBe(HttpStatusCode.OK);
                return response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("cc.session=", StringComparison.Ordinal));
            },
            RevocationDeadline,
            "the other session to be re-checked");
        (await desk.GetAsync("/api/city", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SecondFactor_WrongCodeIsRefused_NoSessionIsMade()
    {
        var key = ConsoleSignIn.DemoAuthenticatorKey(_host.DataFolder, "admin")!;
        var wrong = ConsoleSignIn.CurrentCode(key) == "000000" ? "111111" : "000000";

        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(_host.BaseUrl) };
        var token = await ConsoleSignIn.AntiforgeryTokenAsync(http);
        using var password = await http.PostAsync("/account/login", Form(token, ("UserName", "admin"), ("Password", ConsoleSignIn.DemoPassword(_host.DataFolder, "admin"))), Cancel);
        using var code = await http.PostAsync("/account/login/2fa", Form(token, ("Code", wrong)), Cancel);

        password.Headers.Location!.OriginalString.ShouldStartWith("/login/2fa");
        code.Headers.Location!.OriginalString.ShouldStartWith("/login/2fa?error=code");
        (await http.GetAsync("/admin", Cancel)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    private static FormUrlEncodedContent Form(string token, params (string Name, string Value)[] fields) =>
        new([new("__RequestVerificationToken", token), .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]);

    private async Task<string> UsersCommandAsync(params string[] arguments)
    {
        var (exitCode, output) = await CommandLine.RunAsync(
            "dotnet", [Path.Combine(RepositoryPaths.CommandCenterOutput, "CommandCenter.dll"), "users", .. arguments, $"--Data:Path={_host.DataFolder}"]);
        exitCode.ShouldBe(0, output);
        return output;
    }

    [GeneratedRegex("Password, shown only now: (\\S+)")]
    private static partial Regex AddedPassword();

    [GeneratedRegex("Its API key, shown only now: (\\S+)")]
    private static partial Regex AddedApiKey();
}
