using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using CommandCenter.Auth.Store;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommandCenter.Auth;

public sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions;

/// <summary>
/// Integration clients: a key in <c>Authorization: Bearer …</c>, or Open311's <c>api_key</c> query or
/// form field. Only the key's SHA-256 is stored; a revoked key, or a key of a locked user, fails.
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<ApiKeyAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder, IdentityStore store, TimeProvider time)
    : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, logger, encoder)
{
    /// <summary>Every key starts so, which tells it from a password or another system's token in logs.</summary>
    public const string KeyPrefix = "cck_";

    public const string QueryField = "api_key";

    private const string BearerPrefix = "Bearer ";

    /// <summary>A request that presents a key is judged by the key alone; any other by the cookie.</summary>
    public static string SelectScheme(HttpContext context) => PresentsKey(context.Request) ? AuthSchemes.ApiKey : AuthSchemes.Cookie;

    /// <summary>A new key for the user: the row to store (its hash only) and the key itself, to show once.</summary>
    public static (ApiKey Row, string Key) NewKeyFor(string userId, DateTimeOffset now)
    {
        var key = KeyPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        return (new ApiKey { UserId = userId, Hash = HashOf(key), Prefix = PrefixOf(key), CreatedAt = now }, key);
    }

    public static string HashOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static string PrefixOf(string key) => key[..Math.Min(key.Length, 12)];

    /// <summary>A key works while it is not revoked and its client (loaded with it) is not locked.</summary>
    public static bool IsLive(ApiKey key, DateTimeOffset now) => key.RevokedAt is null && key.User is { } user && !(user.LockoutEnd > now);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (await KeyOfAsync(Request) is not { } key)
        {
            return AuthenticateResult.NoResult();
        }

        var hash = HashOf(key);
        var found = await store.ApiKeys.AsNoTracking().Include(k => k.User)
            .FirstOrDefaultAsync(k => k.Hash == hash, Context.RequestAborted);
        if (found?.User is not { } user || !IsLive(found, time.GetUtcNow()))
        {
            return AuthenticateResult.Fail($"API key {PrefixOf(key)}… is unknown or revoked.");
        }

        var identity = new ClaimsIdentity(Scheme.Name, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, user.UserName!));
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, user.Id));
        identity.AddClaim(new Claim(ConsoleClaims.ApiKeyId, found.Id.ToString()));
        UserClaimsFactory.AddClaimsOf(identity, user);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        ApiProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "The API key is missing, unknown or revoked.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, $"The API key of {Context.User.Identity?.Name} does not allow {Request.Method} {Request.Path}.");

    /// <summary>Decided without reading the body: a form that may carry <c>api_key</c> is an Open311 post.</summary>
    private static bool PresentsKey(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
        || request.Query.ContainsKey(QueryField)
        || (request.HasFormContentType && request.Path.StartsWithSegments("/open311", StringComparison.OrdinalIgnoreCase));

    private static async Task<string?> KeyOfAsync(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return header[BearerPrefix.Length..].Trim();
        }

        if (request.Query.TryGetValue(QueryField, out var query))
        {
            return query.ToString();
        }

        return request.HasFormContentType && (await request.ReadFormAsync(request.HttpContext.RequestAborted)).TryGetValue(QueryField, out var form)
            ? form.ToString()
            : null;
    }
}
