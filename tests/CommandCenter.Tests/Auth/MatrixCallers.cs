using System.Net;
using System.Net.Http.Headers;
using CommandCenter.Testing;
using CommandCenter.Tests.Consoles;

namespace CommandCenter.Tests.Auth;

/// <summary>The columns of the authorization matrix: who calls. A row names the callers it lets through.</summary>
[Flags]
public enum Caller
{
    None = 0,
    Anonymous = 1 << 0,
    Admin = 1 << 1,
    WallScreen = 1 << 2,
    Operator = 1 << 3,
    DistrictOperator = 1 << 4,
    Street = 1 << 5,
    Community = 1 << 6,
    Department = 1 << 7,
    GridWorker = 1 << 8,
    FirmA = 1 << 9,
    FirmB = 1 << 10,
    Unit = 1 << 11,

    /// <summary>The integration client whose API key has the <c>open311</c> scope.</summary>
    Open311Client = 1 << 12,

    /// <summary>The integration client whose API key has the <c>monitoring</c> scope.</summary>
    MonitoringClient = 1 << 13,

    /// <summary>The integration client whose API key has the <c>referrals</c> scope (the 12345 hotline).</summary>
    ReferralsClient = 1 << 14,

    SignedIn = Admin | WallScreen | Operator | DistrictOperator | Street | Community | Department | GridWorker | FirmA | FirmB | Unit
        | Open311Client | MonitoringClient | ReferralsClient,
    Everyone = Anonymous | SignedIn,
}

/// <summary>
/// One HTTP client and one hub connection per caller, each signed in once for the whole matrix: demo
/// users by their cookie (with the antiforgery header on writes), integration clients by their API key.
/// No client follows redirects, so a refusal that sends a browser to the login page stays visible.
/// </summary>
internal sealed class MatrixCallers : IAsyncDisposable
{
    private readonly CommandCenterProcess _host;
    private readonly Dictionary<Caller, CookieContainer> _cookies;
    private readonly Dictionary<Caller, HttpClient> _clients;
    private readonly Dictionary<Caller, LiveClient?> _hubs = [];

    private MatrixCallers(CommandCenterProcess host, Dictionary<Caller, CookieContainer> cookies)
    {
        _host = host;
        _cookies = cookies;
        _clients = All.ToDictionary(caller => caller, caller => cookies.TryGetValue(caller, out var jar)
            ? ConsoleSignIn.ClientFor(host.BaseUrl, jar)
            : KeyClient(caller));
    }

    /// <summary>Every caller, in the order the matrix prints them.</summary>
    public static IReadOnlyList<Caller> All { get; } = [.. Enum.GetValues<Caller>().Where(c => c != Caller.None && (c & (c - 1)) == 0)];

    public static async Task<MatrixCallers> SignInAsync(CommandCenterProcess host)
    {
        var people = All.Where(caller => DemoUserOf(caller) is not null && ApiKeyUserOf(caller) is null).ToList();
        var jars = await Task.WhenAll(people.Select(caller => host.CookiesOfAsync(DemoUserOf(caller)!)));
        return new MatrixCallers(host, people.Zip(jars).ToDictionary(pair => pair.First, pair => pair.Second));
    }

    /// <summary>The seeded demo user behind a caller (UserSeed: the first district, street, community, grid, unit; every department and firm).</summary>
    public static string? DemoUserOf(Caller caller) => caller switch
    {
        Caller.Admin => "admin",
        Caller.WallScreen => "wall",
        Caller.Operator => "operator",
        Caller.DistrictOperator => $"operator-{DemoCityShape.District}",
        Caller.Street => $"street-{DemoCityShape.Street}",
        Caller.Community => $"community-{DemoCityShape.Community}",
        Caller.Department => $"department-{DemoCityShape.Department}",
        Caller.GridWorker => $"gridworker-{DemoCityShape.Grid}",
        Caller.FirmA => TestCity.FirmUser(DemoCityShape.FirmA),
        Caller.FirmB => TestCity.FirmUser(DemoCityShape.FirmB),
        Caller.Unit => $"unit-{DemoCityShape.Unit}",
        Caller.Open311Client or Caller.MonitoringClient or Caller.ReferralsClient => ApiKeyUserOf(caller),
        _ => null,
    };

    /// <summary>Integration clients, whose scheme answers every refusal with 403 and never a redirect.</summary>
    public static bool UsesApiKey(Caller caller) => ApiKeyUserOf(caller) is not null;

    public HttpClient Http(Caller caller) => _clients[caller];

    /// <summary>
    /// A client on a session of its own, for a request that ends the session it is sent on (sign-out):
    /// a new sign-in for a demo user; integration clients and the anonymous have no session to lose.
    /// </summary>
    public async Task<HttpClient> OwnSessionAsync(Caller caller) =>
        _cookies.ContainsKey(caller) ? await _host.SignInAsync(DemoUserOf(caller)!) : KeyClient(caller);

    /// <summary>The caller's hub connection, made on first use; null when the hub refuses to connect at all.</summary>
    public async Task<LiveClient?> HubAsync(Caller caller)
    {
        if (!_hubs.TryGetValue(caller, out var hub))
        {
            try
            {
                hub = await LiveClient.ConnectAsync(_host.BaseUrl, options =>
                {
                    if (_cookies.TryGetValue(caller, out var jar))
                    {
                        options.Cookies = jar;
                    }
                    else if (ApiKeyUserOf(caller) is { } client)
                    {
                        options.Headers["Authorization"] = $"Bearer {ConsoleSignIn.DemoApiKey(_host.DataFolder, client)}";
                    }
                });
            }
            catch (HttpRequestException ex) when (ex.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                hub = null;
            }

            _hubs[caller] = hub;
        }

        return hub;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hub in _hubs.Values.OfType<LiveClient>())
        {
            await hub.DisposeAsync();
        }

        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }

    private static string? ApiKeyUserOf(Caller caller) => caller switch
    {
        Caller.Open311Client => "open311",
        Caller.MonitoringClient => "monitoring",
        Caller.ReferralsClient => "referrals",
        _ => null,
    };

    /// <summary>An integration client sending its key, or the anonymous caller sending nothing.</summary>
    private HttpClient KeyClient(Caller caller)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(_host.BaseUrl) };
        if (ApiKeyUserOf(caller) is { } name)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ConsoleSignIn.DemoApiKey(_host.DataFolder, name));
        }

        return client;
    }
}
