using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using Shouldly;

namespace CommandCenter.Tests.Https;

/// <summary>
/// The web tier over HTTPS with the demo CA, plain HTTP beside it, and a reverse proxy's forwarded
/// headers: real process, real sockets, a client that trusts the demo CA and nothing else.
/// </summary>
public sealed class HttpsTests(HttpsHostFixture fixture) : IClassFixture<HttpsHostFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Health_OverHttps_AnswersWithHsts()
    {
        using var https = HttpsClient();

        using var response = await https.GetAsync("/health", Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("Strict-Transport-Security").Single().ShouldBe("max-age=2592000");
    }

    [Fact]
    public async Task LoginPage_OverHttps_SetsSecureCookies()
    {
        using var https = HttpsClient();

        using var response = await https.GetAsync("/login", Cancel);

        var cookies = SetCookies(response);
        cookies.ShouldNotBeEmpty();
        cookies.ShouldAllBe(cookie => IsSecure(cookie));
    }

    [Fact]
    public async Task PlainHttp_OnLoopback_IsServedWithoutRedirectHstsOrSecureCookies()
    {
        using var health = await fixture.Host.Anonymous.GetAsync("/health", Cancel);
        using var login = await fixture.Host.Anonymous.GetAsync("/login", Cancel);

        health.StatusCode.ShouldBe(HttpStatusCode.OK);
        health.Headers.Contains("Strict-Transport-Security").ShouldBeFalse();
        login.StatusCode.ShouldBe(HttpStatusCode.OK);
        SetCookies(login).ShouldNotBeEmpty();
        SetCookies(login).ShouldNotContain(cookie => IsSecure(cookie));
    }

    [Fact]
    public async Task PlainHttp_FromTheNetwork_IsRedirectedToTheHttpsPort()
    {
        var address = fixture.NetworkAddress.ShouldNotBeNull(
            "this machine has no IPv4 address other than loopback, so plain HTTP from the network cannot be tried here");
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://{address}:{fixture.NetworkHttpPort}") };

        using var get = await http.GetAsync("/health?probe=1", Cancel);
        using var post = await http.PostAsync("/account/login", new FormUrlEncodedContent([]), Cancel);

        get.StatusCode.ShouldBe(HttpStatusCode.TemporaryRedirect);
        get.Headers.Location.ShouldBe(new Uri($"https://{address}:{fixture.HttpsPort}/health?probe=1"));
        post.StatusCode.ShouldBe(HttpStatusCode.TemporaryRedirect);
        post.Headers.Location.ShouldBe(new Uri($"https://{address}:{fixture.HttpsPort}/account/login"));
    }

    [Fact]
    public async Task MetricsPort_AnswersMetricsOnlyToTheMonitoringKey_OverPlainHttpFromTheNetworkToo()
    {
        var address = fixture.NetworkAddress ?? IPAddress.Loopback;
        using var anonymous = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://{address}:{fixture.MetricsPort}") };
        using var monitoring = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = anonymous.BaseAddress };
        monitoring.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ConsoleSignIn.DemoApiKey(fixture.Host.DataFolder, "monitoring"));

        using var scraped = await monitoring.GetAsync("/metrics", Cancel);
        using var refused = await anonymous.GetAsync("/metrics", Cancel);
        using var elsewhere = await monitoring.GetAsync("/api/ingest/stats", Cancel);
        using var health = await anonymous.GetAsync("/health", Cancel);

        scraped.StatusCode.ShouldBe(HttpStatusCode.OK, "a scrape over plain HTTP is answered, not sent to HTTPS");
        (await scraped.Content.ReadAsStringAsync(Cancel)).ShouldContain("commandcenter_ingest_accepted_total");
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        elsewhere.StatusCode.ShouldBe(HttpStatusCode.NotFound, "the key reads the ingest figures on the main port, not here");
        health.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ForwardedHeaders_FromTheConfiguredProxy_GiveTheClientsAddressAndScheme()
    {
        var cookies = await LoginPageCookiesAsync(from: HttpsHostFixture.Proxy, forwardedProto: "https");
        var (_, userName) = await PostWrongSignInAsync(from: HttpsHostFixture.Proxy, forwardedFor: "203.0.113.7");

        cookies.ShouldAllBe(cookie => IsSecure(cookie));
        (await LoggedAddressOfRefusedSignInAsync(userName)).ShouldBe("203.0.113.7");
    }

    [Fact]
    public async Task ForwardedHeaders_FromAnyOtherPeer_AreIgnored()
    {
        var cookies = await LoginPageCookiesAsync(from: IPAddress.Loopback, forwardedProto: "https");
        var (_, userName) = await PostWrongSignInAsync(from: IPAddress.Loopback, forwardedFor: "203.0.113.7");

        cookies.ShouldNotContain(cookie => IsSecure(cookie));
        (await LoggedAddressOfRefusedSignInAsync(userName)).ShouldBe(IPAddress.Loopback.ToString());
    }

    [Fact]
    public async Task SignInLimit_BehindTheConfiguredProxy_CountsEachClientApart()
    {
        for (var attempt = 1; attempt <= HttpsHostFixture.SignInsPerAddress; attempt++)
        {
            (await PostWrongSignInAsync(from: HttpsHostFixture.Proxy, forwardedFor: "203.0.113.8")).Status.ShouldBe(HttpStatusCode.Redirect, $"attempt {attempt}");
        }

        var overTheLimit = await PostWrongSignInAsync(from: HttpsHostFixture.Proxy, forwardedFor: "203.0.113.8");
        var anotherClient = await PostWrongSignInAsync(from: HttpsHostFixture.Proxy, forwardedFor: "203.0.113.9");

        overTheLimit.Status.ShouldBe(HttpStatusCode.TooManyRequests);
        anotherClient.Status.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Start_WithACertificateWhoseKeyFileIsMissing_StopsNamingTheFile()
    {
        var missingKey = Path.Combine(Path.GetTempPath(), $"cc-missing-{Guid.NewGuid():N}.key");

        var failure = await Should.ThrowAsync<InvalidOperationException>(() => CommandCenterProcess.StartAsync(
            fixture.Influx.Url, $"--Https:CertificatePath={fixture.CaFile}", $"--Https:KeyPath={missingKey}", $"--Https:Port={FreePorts.Next()}"));

        failure.Message.ShouldContain($"KeyPath '{missingKey}' does not exist");
    }

    /// <summary>
    /// HTTPS to the machine's host name, which the demo certificate names and HSTS does not leave out
    /// (as it does localhost), connected on loopback wherever DNS puts that name.
    /// </summary>
    private HttpClient HttpsClient()
    {
        var ca = CertificateTrust.LoadCa(fixture.CaFile);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectCallback = ConnectFrom(source: null, new IPEndPoint(IPAddress.Loopback, fixture.HttpsPort)),
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, errors) => CertificateTrust.IsServerOf(ca, certificate, errors) },
        };
        return new HttpClient(handler) { BaseAddress = new Uri($"https://{Dns.GetHostName()}:{fixture.HttpsPort}") };
    }

    /// <summary>Plain HTTP to the loopback port from <paramref name="source"/>, keeping cookies as a browser does.</summary>
    private HttpClient PlainClientFrom(IPAddress source)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectCallback = ConnectFrom(source, new IPEndPoint(IPAddress.Loopback, fixture.Host.HttpPort)),
        };
        return new HttpClient(handler) { BaseAddress = new Uri(fixture.Host.BaseUrl) };
    }

    private static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> ConnectFrom(IPAddress? source, IPEndPoint target) =>
        async (_, cancel) =>
        {
            var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                if (source is not null)
                {
                    socket.Bind(new IPEndPoint(source, 0));
                }

                await socket.ConnectAsync(target, cancel);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };

    private async Task<IReadOnlyList<string>> LoginPageCookiesAsync(IPAddress from, string forwardedProto)
    {
        using var client = PlainClientFrom(from);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/login");
        request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        using var response = await client.SendAsync(request, Cancel);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return SetCookies(response);
    }

    /// <summary>A sign-in with a wrong password, through <paramref name="from"/> for <paramref name="forwardedFor"/>; returns the answer and the user name tried.</summary>
    private async Task<(HttpStatusCode Status, string UserName)> PostWrongSignInAsync(IPAddress from, string forwardedFor)
    {
        using var client = PlainClientFrom(from);
        var userName = $"nobody-{Guid.NewGuid():N}";
        var token = await ConsoleSignIn.AntiforgeryTokenAsync(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("UserName", userName), new("Password", "wrong")]),
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await client.SendAsync(request, Cancel);
        return (response.StatusCode, userName);
    }

    /// <summary>The address the command center logged for the refused sign-in of <paramref name="userName"/>.</summary>
    private async Task<string> LoggedAddressOfRefusedSignInAsync(string userName)
    {
        var refused = $"Sign-in refused for '{userName}' from ";
        var line = await Eventually.ValueAsync(
            () => Task.FromResult(fixture.Host.Log.Lines.FirstOrDefault(l => l.Contains(refused, StringComparison.Ordinal))),
            Deadline,
            "the refused sign-in in the log");
        var addressAndWhy = line[(line.IndexOf(refused, StringComparison.Ordinal) + refused.Length)..];
        return addressAndWhy[..addressAndWhy.IndexOf(": ", StringComparison.Ordinal)];
    }

    private static List<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) ? [.. cookies] : [];

    private static bool IsSecure(string setCookie) =>
        setCookie.Split(';', StringSplitOptions.TrimEntries).Contains("secure", StringComparer.OrdinalIgnoreCase);
}
