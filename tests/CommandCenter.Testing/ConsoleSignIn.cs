using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CommandCenter.Testing;

/// <summary>
/// Signs in to the consoles as a browser does: reads the login page's antiforgery token, posts the
/// login form and keeps the cookies, which a SignalR client or an HttpClient can then send.
/// </summary>
public static partial class ConsoleSignIn
{
    public const string DemoUsersFile = "demo-users.json";

    private const string SecondFactorPage = "/login/2fa";

    /// <summary>
    /// The cookies of a signed-in user; throws when the command center refuses the sign-in. A user with
    /// a second factor also needs <paramref name="authenticatorKey"/>, from which the current code is made.
    /// </summary>
    public static async Task<CookieContainer> SignInAsync(string baseUrl, string userName, string password, string? authenticatorKey = null)
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };
        var token = await AntiforgeryTokenAsync(http);
        using var response = await http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["UserName"] = userName,
            ["Password"] = password,
        }));
        // Roles without a console page of their own land on the login page when signed in; a refusal lands there with an error.
        var target = response.Headers.Location?.OriginalString;
        if (target?.StartsWith(SecondFactorPage, StringComparison.Ordinal) == true && authenticatorKey is not null)
        {
            using var second = await http.PostAsync("/account/login/2fa", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["Code"] = CurrentCode(authenticatorKey),
            }));
            target = second.Headers.Location?.OriginalString;
        }

        if (response.StatusCode != HttpStatusCode.Redirect || target is null
            || target.StartsWith(SecondFactorPage, StringComparison.Ordinal)
            || (target.StartsWith("/login?", StringComparison.Ordinal) && target.Contains("error=", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"Sign-in as {userName} was refused: {(int)response.StatusCode} → {target}");
        }

        return cookies;
    }

    /// <summary>
    /// What a new admin does first: opens /account/security, presses the set-up button, adds the key
    /// shown then to an authenticator app and confirms a code. Returns the key; the cookies now carry a
    /// session signed in with the second factor.
    /// </summary>
    public static async Task<string> TurnOnSecondFactorAsync(string baseUrl, CookieContainer cookies)
    {
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };
        var page = await http.GetStringAsync("/account/security");
        if (AuthenticatorKeyOf(page) is null)
        {
            using var setUp = await http.PostAsync("/account/security/authenticator", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = AntiforgeryTokenOf(page),
            }));
            page = await http.GetStringAsync("/account/security");
        }

        var key = AuthenticatorKeyOf(page) ?? throw new InvalidOperationException("/account/security shows no authenticator key after setting one up.");
        var token = AntiforgeryTokenOf(page);
        using var response = await http.PostAsync("/account/security/2fa", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Code"] = CurrentCode(key),
        }));
        if (response.Headers.Location?.OriginalString.Contains("error=", StringComparison.Ordinal) != false)
        {
            throw new InvalidOperationException($"Turning on the second factor was refused: {(int)response.StatusCode} → {response.Headers.Location}");
        }

        return key;
    }

    /// <summary>The antiforgery token a page's forms send; empty when the page has none.</summary>
    public static string AntiforgeryTokenOf(string page) => WebUtility.HtmlDecode(AntiforgeryField().Match(page).Groups[1].Value);

    /// <summary>The authenticator key <c>/account/security</c> shows once it is set up; null before.</summary>
    public static string? AuthenticatorKeyOf(string page) =>
        AuthenticatorKeyField().Match(page) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;

    /// <summary>The login page's antiforgery token; the client must keep the antiforgery cookie that comes with it.</summary>
    public static async Task<string> AntiforgeryTokenAsync(HttpClient http)
    {
        var page = await http.GetStringAsync("/login");
        return AntiforgeryField().Match(page) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException("The login page has no antiforgery token.");
    }

    /// <summary>The authenticator app's code now for this base32 key (TOTP, 6 digits, 30 s), as a phone would show it.</summary>
    public static string CurrentCode(string authenticatorKey) => new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(authenticatorKey)).ComputeTotp();

    /// <summary>A seeded demo user's authenticator key from <c>demo-users.json</c>; null for users without a second factor.</summary>
    public static string? DemoAuthenticatorKey(string dataFolder, string userName) => DemoField(dataFolder, userName, "authenticatorKey");

    /// <summary>A seeded demo user's password from <c>demo-users.json</c> in the host's data folder.</summary>
    public static string DemoPassword(string dataFolder, string userName) =>
        DemoField(dataFolder, userName, "password") ?? throw new InvalidOperationException($"{userName} has no password in {DemoUsersFile}.");

    /// <summary>A seeded demo integration client's API key from <c>demo-users.json</c>.</summary>
    public static string DemoApiKey(string dataFolder, string userName) =>
        DemoField(dataFolder, userName, "apiKey") ?? throw new InvalidOperationException($"{userName} has no API key in {DemoUsersFile}.");

    /// <summary>
    /// An HttpClient that sends these cookies and, on every write, the antiforgery header the command
    /// center asks cookie-authenticated API writes for (fetched once from <c>/api/antiforgery</c>).
    /// </summary>
    public static HttpClient ClientFor(string baseUrl, CookieContainer cookies) =>
        new(new AntiforgeryHeaderHandler(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false })) { BaseAddress = new Uri(baseUrl) };

    /// <summary>The demo user's field; null when the file leaves it out for this user (as it does the key of a user without a second factor).</summary>
    private static string? DemoField(string dataFolder, string userName, string field)
    {
        using var file = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dataFolder, DemoUsersFile)));
        return file.RootElement.GetProperty("users").EnumerateArray()
            .Single(user => user.GetProperty("name").GetString() == userName)
            .TryGetProperty(field, out var value) ? value.GetString() : null;
    }

    private sealed class AntiforgeryHeaderHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private (string Header, string Token)? _token;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head)
            {
                if (_token is null)
                {
                    using var tokenRequest = new HttpRequestMessage(HttpMethod.Get, new Uri(request.RequestUri!, "/api/antiforgery"));
                    using var response = await base.SendAsync(tokenRequest, cancellationToken);
                    response.EnsureSuccessStatusCode();
                    using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                    _token = (body.RootElement.GetProperty("headerName").GetString()!, body.RootElement.GetProperty("token").GetString()!);
                }

                request.Headers.TryAddWithoutValidation(_token.Value.Header, _token.Value.Token);
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>
    /// An ASP.NET Core Identity v3 password hash (PBKDF2-HMAC-SHA512, 100,000 rounds, 16-byte salt),
    /// byte for byte what <c>PasswordHasher&lt;T&gt;</c> writes, for configuring <c>Users</c> in tests.
    /// </summary>
    public static string IdentityV3Hash(string password)
    {
        const int Rounds = 100_000;
        const uint HmacSha512 = 2;
        var salt = RandomNumberGenerator.GetBytes(16);
        var subkey = Rfc2898DeriveBytes.Pbkdf2(password, salt, Rounds, HashAlgorithmName.SHA512, 32);
        var header = new byte[13];
        header[0] = 0x01;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), HmacSha512);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(5), Rounds);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(9), (uint)salt.Length);
        return Convert.ToBase64String([.. header, .. salt, .. subkey]);
    }

    [GeneratedRegex("data-testid=\"authenticator-key\">([^<]+)<")]
    private static partial Regex AuthenticatorKeyField();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
