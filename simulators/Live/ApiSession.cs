using System.Net;
using System.Net.Http.Json;

namespace CommandCenter.Simulators.Live;

/// <summary>
/// A person signed in to the command center's API as a browser is: the sign-in cookies, and the antiforgery header every
/// cookie-authenticated write carries (<c>GET /api/antiforgery</c>).
/// </summary>
public sealed class ApiSession : IDisposable
{
    private ApiSession(string userName, CookieContainer cookies, HttpClient http)
    {
        UserName = userName;
        Cookies = cookies;
        Http = http;
    }

    public string UserName { get; }

    /// <summary>The sign-in cookies, for a live-hub connection of the same person.</summary>
    public CookieContainer Cookies { get; }

    /// <summary>Addresses the command center; writes carry the antiforgery header.</summary>
    public HttpClient Http { get; }

    /// <summary>
    /// Signs in as <paramref name="userName"/>, waiting out the sign-in rate limit (<paramref name="onThrottled"/> hears of
    /// each wait); throws when the command center refuses (<see cref="InvalidDataException"/>) or does not answer.
    /// </summary>
    public static async Task<ApiSession> SignInAsync(
        Uri baseUrl, string userName, string password, CancellationToken cancellationToken, Action<TimeSpan>? onThrottled = null, TimeProvider? time = null)
    {
        var cookies = await ConsoleLogin.SignInAsync(baseUrl, userName, password, cancellationToken, onThrottled, time);
        var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = baseUrl };
        try
        {
            var antiforgery = await http.GetFromJsonAsync<AntiforgeryToken>("/api/antiforgery", cancellationToken)
                ?? throw new InvalidDataException("the command center gave no antiforgery token");
            http.DefaultRequestHeaders.Add(antiforgery.HeaderName, antiforgery.Token);
            return new ApiSession(userName, cookies, http);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    public void Dispose() => Http.Dispose();

    private sealed record AntiforgeryToken(string HeaderName, string Token);
}
