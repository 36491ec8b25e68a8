using System.Net;
using System.Web;

namespace CommandCenter.Tests.Auth;

/// <summary>What the matrix creates before it walks: an open alarm per firm and two work orders, by id; and the address of the host's silo.</summary>
internal sealed record Seeded(string AlarmOfA, string AlarmOfB, string TicketHere, string TicketElsewhere, string Silo);

/// <summary>
/// One row of the HTTP matrix: a route as the endpoint data source names it (method and pattern), the
/// request that probes it, and the callers it lets through; every other caller is refused. Several
/// rows may probe one route, with ids on either side of a scope.
/// </summary>
internal sealed record MatrixRow(string Method, string Pattern, Func<Seeded, string> Path, Caller Allowed)
{
    /// <summary>The request's body; requests that would change something are made to fail after the gate (see the table).</summary>
    public Func<HttpContent>? Body { get; init; }

    /// <summary>The request ends the session it is sent on, so it goes on a session of its own.</summary>
    public bool EndsTheSession { get; init; }

    /// <summary>
    /// A feature turned off: the callers the gate lets through then get the endpoint's own 403, which on a page
    /// (where the gate refuses with the login page) tells the two apart.
    /// </summary>
    public bool TurnedOff { get; init; }

    /// <summary>The method to send for a route that takes any (<c>*</c>).</summary>
    public string? SendAs { get; init; }

    public AppRoute Route => new(Method, Pattern);

    public HttpMethod RequestMethod => new(SendAs ?? Method);
}

/// <summary>One hub call of the matrix: a method of the live hub, its arguments, and the callers it lets through.</summary>
internal sealed record HubRow(string Method, object?[] Arguments, Caller Allowed)
{
    public override string ToString() => $"{Method}({string.Join(", ", Arguments.Select(a => a is null ? "null" : $"\"{a}\""))})";
}

/// <summary>How the gate refuses: 401 or 403 ProblemDetails on API paths, a redirect to the login page for a browser on a page.</summary>
internal enum Refusal
{
    Unauthorized,
    Forbidden,
    LoginPage,
}

/// <summary>What a request got, as far as the gate is concerned.</summary>
internal sealed record Outcome(int Status, Uri? Location, string? MediaType, string Detail)
{
    private const int DetailShown = 160;

    /// <summary>Paths for programs, which never get a redirect (ApiProblems).</summary>
    private static readonly string[] ProgramPaths = ["/api", "/open311", "/hubs", "/metrics"];

    /// <summary>Any of the refusals: what an allowed caller must never get.</summary>
    public bool IsRefused => Status is (int)HttpStatusCode.Unauthorized or (int)HttpStatusCode.Forbidden || IsLoginChallenge;

    /// <summary>
    /// The cookie scheme's challenge or forbid redirect: to <c>/login</c> with a <c>ReturnUrl</c>. A refused
    /// sign-in also lands on <c>/login</c>, but with <c>error</c> and no <c>ReturnUrl</c>.
    /// </summary>
    private bool IsLoginChallenge =>
        Status == (int)HttpStatusCode.Redirect && Location is { } location
        && new Uri(new Uri("http://host"), location) is var target && target.AbsolutePath == "/login"
        && HttpUtility.ParseQueryString(target.Query)["ReturnUrl"] is not null;

    public static async Task<Outcome> OfAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return new Outcome(
            (int)response.StatusCode,
            response.Headers.Location,
            response.Content.Headers.ContentType?.MediaType,
            body.Length > DetailShown ? body[..DetailShown] + "…" : body);
    }

    /// <summary>
    /// The refusal a caller gets on this path: the anonymous 401 on API paths and the login page on
    /// pages, signed-in people 403 on API paths and the login page on pages, API keys 403 everywhere
    /// (their scheme never redirects).
    /// </summary>
    public static Refusal RefusalFor(Caller caller, string path, bool byApiKey)
    {
        var program = ProgramPaths.Any(prefix => path == prefix || path.StartsWith(prefix + "/", StringComparison.Ordinal));
        return caller == Caller.Anonymous ? program ? Refusal.Unauthorized : Refusal.LoginPage
            : byApiKey || program ? Refusal.Forbidden
            : Refusal.LoginPage;
    }

    /// <summary>Whether this is that refusal; a 401 or 403 says why in ProblemDetails (a HEAD answer has no body).</summary>
    public bool Is(Refusal refusal, HttpMethod method) => refusal switch
    {
        Refusal.LoginPage => IsLoginChallenge,
        _ => Status == (refusal == Refusal.Unauthorized ? (int)HttpStatusCode.Unauthorized : (int)HttpStatusCode.Forbidden)
            && (method == HttpMethod.Head || MediaType == "application/problem+json"),
    };

    public override string ToString() =>
        IsLoginChallenge ? $"{Status} → {Location}" : $"{Status} {MediaType} {Detail}".TrimEnd();
}
