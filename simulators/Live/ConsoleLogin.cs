using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CommandCenter.Simulators.Live;

/// <summary>
/// Signs in to the command center's consoles as a browser does (the login page's antiforgery token,
/// then the login form) and keeps the cookies, which a live-hub connection then sends.
/// </summary>
public static partial class ConsoleLogin
{
    /// <summary>Written by the command center (<c>--DemoUsers=true</c>) into its data folder: each demo user with a plain password or API key.</summary>
    public const string DemoUsersFileName = "demo-users.json";

    /// <summary>Sign-ins refused for the rate limit before giving up: the demo's people and firms sign in dozens at once from one address.</summary>
    private const int ThrottledAttempts = 30;

    /// <summary>
    /// The cookies of a signed-in user; throws when the command center refuses the sign-in. Over the command center's
    /// sign-in limit (429) it waits as long as <c>Retry-After</c> says, tells <paramref name="onThrottled"/>, and tries again.
    /// </summary>
    public static async Task<CookieContainer> SignInAsync(
        Uri baseUrl, string userName, string password, CancellationToken cancellationToken, Action<TimeSpan>? onThrottled = null, TimeProvider? time = null)
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = baseUrl };
        var page = await http.GetStringAsync("/login", cancellationToken);
        var token = AntiforgeryField().Match(page) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidDataException("the login page has no antiforgery token");
        for (var attempt = 1; ; attempt++)
        {
            using var response = await http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["UserName"] = userName,
                ["Password"] = password,
            }), cancellationToken);
            if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < ThrottledAttempts)
            {
                var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMinutes(1);
                onThrottled?.Invoke(wait);
                await Task.Delay(wait, time ?? TimeProvider.System, cancellationToken);
                continue;
            }

            return SignedIn(response, userName, cookies);
        }
    }

    private static CookieContainer SignedIn(HttpResponseMessage response, string userName, CookieContainer cookies)
    {
        var target = response.Headers.Location?.OriginalString;
        if (response.StatusCode != HttpStatusCode.Redirect || target is null || target.StartsWith("/login", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"sign-in as {userName} was refused: {(int)response.StatusCode} -> {target}");
        }

        return cookies;
    }

    /// <summary>The name and password of the city-wide demo wall-screen user in <c>demo-users.json</c>.</summary>
    public static (string Name, string Password) DemoWallUser(string usersFile) => DemoUser(usersFile, "wall", "city");

    /// <summary>The name and password of the demo console user of <paramref name="firmId"/> in <c>demo-users.json</c>.</summary>
    public static (string Name, string Password) DemoFirmUser(string usersFile, string firmId) => DemoUser(usersFile, "firm", $"firm/{firmId}");

    /// <summary>The first demo user with this role and scope (as the command center writes them: <c>city</c>, <c>firm/FIRM-001</c>).</summary>
    private static (string Name, string Password) DemoUser(string usersFile, string role, string scope) =>
        DemoUsers(usersFile).FirstOrDefault(user => user.Role == role && user.Scope == scope) is { } found
            ? (found.Name, found.Password)
            : throw new InvalidDataException($"{usersFile} has no {role} user of {scope}");

    /// <summary>Every demo person of <c>demo-users.json</c> who signs in with a password, in the file's order.</summary>
    public static IReadOnlyList<DemoPerson> DemoUsers(string usersFile)
    {
        using var file = JsonDocument.Parse(File.ReadAllBytes(usersFile));
        var people = new List<DemoPerson>();
        foreach (var user in file.RootElement.GetProperty("users").EnumerateArray())
        {
            // Integration clients have API scopes and a key instead of a scope and a password.
            if (user.TryGetProperty("scope", out var scope) && user.TryGetProperty("password", out var password))
            {
                people.Add(new DemoPerson(user.GetProperty("name").GetString()!, user.GetProperty("role").GetString()!, scope.GetString()!, password.GetString()!));
            }
        }

        return people;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}

/// <summary>A demo user of <c>demo-users.json</c>: role (<c>gridworker</c>, <c>department</c>, …) and scope as the command center writes them (<c>grid/640104001001-01</c>).</summary>
public sealed record DemoPerson(string Name, string Role, string Scope, string Password)
{
    /// <summary>The id after the scope's kind: <c>cg</c> of <c>department/cg</c>; empty for <c>city</c>.</summary>
    public string ScopeId => Scope.IndexOf('/') is var slash and >= 0 ? Scope[(slash + 1)..] : "";
}
