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
