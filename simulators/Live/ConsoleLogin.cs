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

    /// <summary>The cookies of a signed-in user; throws when the command center refuses the sign-in.</summary>
    public static async Task<CookieContainer> SignInAsync(Uri baseUrl, string userName, string password, CancellationToken cancellationToken)
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = baseUrl };
        var page = await http.GetStringAsync("/login", cancellationToken);
        var token = AntiforgeryField().Match(page) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidDataException("the login page has no antiforgery token");
        using var response = await http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["UserName"] = userName,
            ["Password"] = password,
        }), cancellationToken);
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
    private static (string Name, string Password) DemoUser(string usersFile, string role, string scope)
    {
        using var file = JsonDocument.Parse(File.ReadAllBytes(usersFile));
        foreach (var user in file.RootElement.GetProperty("users").EnumerateArray())
        {
            // Integration clients have API scopes and a key instead of a scope and a password.
            if (user.GetProperty("role").GetString() == role && user.TryGetProperty("scope", out var scopeOf) && scopeOf.GetString() == scope)
            {
                return (user.GetProperty("name").GetString()!, user.GetProperty("password").GetString()!);
            }
        }

        throw new InvalidDataException($"{usersFile} has no {role} user of {scope}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
