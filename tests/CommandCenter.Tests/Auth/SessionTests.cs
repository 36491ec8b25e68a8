using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
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
public sealed class SessionTests(CommandCenterFixture fixture)
{
    private static readonly TimeSpan RevocationDeadline = TimeSpan.FromMinutes(1);
    private readonly CommandCenterProcess _host = fixture.Host;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Revoke_SignedInSessionStopsWithinAMinute_ANewSignInWorks()
    {
        using var wall = await _host.SignInAsync("wall");
        (await wall.GetAsync("/api/city", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await _host.UsersCommandAsync("revoke", "wall");

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

        await _host.UsersCommandAsync("revoke", "wall");

        await Eventually.TrueAsync(() => Task.FromResult(wallHub.IsClosed), RevocationDeadline, "the revoked user's hub connection to be closed");
        // Every connection is re-checked in the same pass: the operator's was found valid in it.
        operatorHub.IsClosed.ShouldBeFalse();
    }

    [Fact]
    public async Task RevokeApiKeys_TheClientsLiveHubConnectionIsClosedWithinAMinute_AndCannotReconnect()
    {
        var added = await _host.UsersCommandAsync("add", "hub-gateway", "--role", "integration", "--scope", "city", "--api-scope", "monitoring");
        var key = CommandCenterProcess.ApiKeyIn(added);
        void WithKey(HttpConnectionOptions options) => options.Headers["Authorization"] = $"Bearer {key}";
        await using var hub = await LiveClient.ConnectAsync(_host.BaseUrl, WithKey);

        await _host.UsersCommandAsync("revoke-keys", "hub-gateway");

        await Eventually.TrueAsync(() => Task.FromResult(hub.IsClosed), RevocationDeadline, "the revoked key's hub connection to be closed");
        var refused = await Should.ThrowAsync<HttpRequestException>(() => LiveClient.ConnectAsync(_host.BaseUrl, WithKey));
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Lock_RefusesTheNextSignIn_UnlockLetsItIn()
    {
        await _host.UsersCommandAsync("lock", "wall");

        var refused = await Should.ThrowAsync<InvalidOperationException>(() => _host.SignInAsync("wall"));
        refused.Message.ShouldContain("error=locked");

        await _host.UsersCommandAsync("unlock", "wall");
        using var wall = await _host.SignInAsync("wall");
        (await wall.GetAsync("/api/city", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AdminWithoutSecondFactor_CannotOpenAdmin_WithItTheAdminCan()
    {
        var added = await _host.UsersCommandAsync("add", "night-admin", "--role", "admin", "--scope", "city");
        var password = CommandCenterProcess.PasswordIn(added);
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
    public async Task AccountSecurity_OpeningChangesNothing_SettingUpMakesAKeyWithoutEndingTheUsersOtherSessions()
    {
        var password = CommandCenterProcess.PasswordIn(await _host.UsersCommandAsync("add", "key-keeper", "--role", "operator", "--scope", "city"));
        using var desk = ConsoleSignIn.ClientFor(_host.BaseUrl, await ConsoleSignIn.SignInAsync(_host.BaseUrl, "key-keeper", password));
        var cookies = await ConsoleSignIn.SignInAsync(_host.BaseUrl, "key-keeper", password);
        using var laptop = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(_host.BaseUrl) };

        var opened = await laptop.GetStringAsync("/account/security", Cancel);
        var openedAgain = await laptop.GetStringAsync("/account/security", Cancel);
        using var withoutToken = await laptop.PostAsync("/account/security/authenticator", new FormUrlEncodedContent([]), Cancel);
        var afterRefusal = await laptop.GetStringAsync("/account/security", Cancel);
        using var setUp = await laptop.PostAsync("/account/security/authenticator", Form(ConsoleSignIn.AntiforgeryTokenOf(opened)), Cancel);
        var withKey = await laptop.GetStringAsync("/account/security", Cancel);
        using var setUpAgain = await laptop.PostAsync("/account/security/authenticator", Form(ConsoleSignIn.AntiforgeryTokenOf(withKey)), Cancel);

        foreach (var page in new[] { opened, openedAgain, afterRefusal })
        {
            page.ShouldContain("data-testid=\"set-up-authenticator\"");
            page.ShouldNotContain("data-testid=\"authenticator-key\"");
        }

        withoutToken.StatusCode.ShouldBe(HttpStatusCode.BadRequest, _host.Log.Tail());
        setUp.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        setUp.Headers.Location!.OriginalString.ShouldBe("/account/security");
        var key = ConsoleSignIn.AuthenticatorKeyOf(withKey);
        key.ShouldNotBeNull();
        (await laptop.GetStringAsync("/account/security", Cancel)).ShouldContain(key, Case.Sensitive, "pressing again keeps the key already scanned");

        // The other session is re-checked against the store after the interval (its cookie is renewed then): it must survive that.
        await Eventually.TrueAsync(
            async () =>
            {
                using var response = await desk.GetAsync("/api/city", Cancel);
                response.StatusCode.ShouldBe(HttpStatusCode.OK);
                return response.Headers.TryGetValues("Set-Cookie", out var renewed) && renewed.Any(c => c.StartsWith("cc.session=", StringComparison.Ordinal));
            },
            RevocationDeadline,
            "the other session to be re-checked");
        (await desk.GetAsync("/api/city", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SignOut_PostWithoutTheAntiforgeryToken_IsRefusedAndTheSessionStays_WithTheTokenItEnds()
    {
        var cookies = await _host.CookiesOfAsync("operator");
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(_host.BaseUrl) };
        var desk = await browser.GetStringAsync("/desk", Cancel);

        // What a form on another site can send: the cookie, but not the token of a page of this one.
        using var crossSite = await browser.PostAsync("/logout", new FormUrlEncodedContent([]), Cancel);
        var stillSignedIn = await browser.GetAsync("/api/city", Cancel);
        using var signOut = await browser.PostAsync("/logout", Form(ConsoleSignIn.AntiforgeryTokenOf(desk)), Cancel);
        var afterSignOut = await browser.GetAsync("/api/city", Cancel);

        crossSite.StatusCode.ShouldBe(HttpStatusCode.BadRequest, _host.Log.Tail());
        stillSignedIn.StatusCode.ShouldBe(HttpStatusCode.OK);
        signOut.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        signOut.Headers.Location!.OriginalString.ShouldBe("/login");
        afterSignOut.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task SetRole_OperatorBecomesAWallAccount_TheOpenSessionEndsAndTheNextSignInHasTheNewRights()
    {
        var password = CommandCenterProcess.PasswordIn(await _host.UsersCommandAsync("add", "shift-lead", "--role", "operator", "--scope", "city"));
        using var before = ConsoleSignIn.ClientFor(_host.BaseUrl, await ConsoleSignIn.SignInAsync(_host.BaseUrl, "shift-lead", password));
        (await before.GetAsync("/api/alarms?state=all", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var refused = await _host.RunUsersCommandAsync("set-role", "shift-lead", "--role", "gridworker", "--scope", "city");
        await _host.UsersCommandAsync("set-role", "shift-lead", "--role", "wall", "--scope", "city");

        refused.ExitCode.ShouldBe(2);
        refused.Output.ShouldContain("does not fit role 'gridworker'");
        await Eventually.TrueAsync(
            async () => (await before.GetAsync("/api/city", Cancel)).StatusCode == HttpStatusCode.Unauthorized, RevocationDeadline, "the session with the old role to end");
        using var after = ConsoleSignIn.ClientFor(_host.BaseUrl, await ConsoleSignIn.SignInAsync(_host.BaseUrl, "shift-lead", password));
        (await after.GetAsync("/api/alarms?state=all", Cancel)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await after.GetAsync("/", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var admin = await _host.SignInAsync("admin");
        var audit = await admin.GetFromJsonAsync<JsonElement>("/api/audit?action=user-role-changed&target=shift-lead", Cancel);
        audit.GetProperty("items").EnumerateArray().Select(entry => entry.GetProperty("detail").GetString()).ShouldBe(["operator, city → wall, city"]);
    }

    [Fact]
    public async Task ResetSecondFactor_AdminLostTheirPhone_SessionEndsAndAdminStaysShutUntilItIsSetUpAgain()
    {
        var password = CommandCenterProcess.PasswordIn(await _host.UsersCommandAsync("add", "relief-admin", "--role", "admin", "--scope", "city"));
        var cookies = await ConsoleSignIn.SignInAsync(_host.BaseUrl, "relief-admin", password);
        var oldKey = await ConsoleSignIn.TurnOnSecondFactorAsync(_host.BaseUrl, cookies);
        using var lostPhone = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(_host.BaseUrl) };
        (await lostPhone.GetAsync("/admin", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await _host.UsersCommandAsync("reset-second-factor", "relief-admin");

        await Eventually.TrueAsync(
            async () => (await lostPhone.GetAsync("/api/audit", Cancel)).StatusCode == HttpStatusCode.Unauthorized, RevocationDeadline, "the session to end");
        // The password alone signs in again (no code is asked for), but the administration pages stay shut until a new key is set up.
        var withoutFactor = await ConsoleSignIn.SignInAsync(_host.BaseUrl, "relief-admin", password);
        using var again = new HttpClient(new HttpClientHandler { CookieContainer = withoutFactor, AllowAutoRedirect = false }) { BaseAddress = new Uri(_host.BaseUrl) };
        var refused = await again.GetAsync("/admin", Cancel);
        refused.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        new Uri(new Uri(_host.BaseUrl), refused.Headers.Location!).AbsolutePath.ShouldBe("/login");
        (await ConsoleSignIn.TurnOnSecondFactorAsync(_host.BaseUrl, withoutFactor)).ShouldNotBe(oldKey);
        (await again.GetAsync("/admin", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
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
}
