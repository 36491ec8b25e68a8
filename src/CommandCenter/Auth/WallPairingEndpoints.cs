using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using CommandCenter.Auth.Store;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CommandCenter.Auth;

/// <summary>
/// Pairing a wall screen: the screen opens <c>/account/wall-pairing</c>, gets a code to show and a
/// secret in a cookie, and keeps coming back; once an admin approved the code (<see cref="ApproveAsync"/>),
/// the next visit signs the screen in as the chosen wall account for <see cref="WallSessionLifetime"/>,
/// with the screen's name in its session. Codes expire after <see cref="CodeLifetime"/> and work once.
/// </summary>
public static class WallPairingEndpoints
{
    public const string Route = "/account/wall-pairing";
    public const string Page = "/pair";

    /// <summary>The claim that names the screen a wall account signed in on.</summary>
    public const string ScreenClaim = "cc:screen";

    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan WallSessionLifetime = TimeSpan.FromDays(30);

    private const string CookieName = "cc.pairing";
    private const string CodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static WebApplication MapWallPairing(this WebApplication app)
    {
        app.MapGet(Route, ContinueAsync).AllowAnonymous().WithTags("Console").ExcludeFromDescription();
        return app;
    }

    /// <summary>Approves a code for a wall account; the problem when it cannot be.</summary>
    public static async Task<string?> ApproveAsync(
        IdentityStore store, string code, string wallUserName, string screenName, string approvedBy, TimeProvider time, CancellationToken cancellationToken)
    {
        var normalized = code.Trim().ToUpperInvariant();
        var now = time.GetUtcNow();
        var wall = await store.Users.FirstOrDefaultAsync(u => u.UserName == wallUserName, cancellationToken);
        if (wall?.Role != Roles.Wall)
        {
            return $"'{wallUserName}' is not a wall account";
        }

        if (string.IsNullOrWhiteSpace(screenName))
        {
            return "name the screen (where it hangs), so its acknowledgements say which screen";
        }

        var pairing = await store.WallPairings.FirstOrDefaultAsync(p => p.Code == normalized, cancellationToken);
        if (pairing is null || pairing.ExpiresAt <= now || pairing.WallUserId is not null)
        {
            return $"code '{normalized}' is unknown, used or expired; the screen shows a new one after {CodeLifetime.TotalMinutes:0} minutes";
        }

        pairing.WallUserId = wall.Id;
        pairing.ScreenName = screenName.Trim();
        pairing.ApprovedBy = approvedBy;
        await store.SaveChangesAsync(cancellationToken);
        return null;
    }

    private static async Task<IResult> ContinueAsync(
        HttpContext http, IdentityStore store, SignInManager<CommandCenterUser> signIn, TimeProvider time, ILoggerFactory loggers)
    {
        var now = time.GetUtcNow();
        var secret = http.Request.Cookies[CookieName];
        var pairing = secret is null ? null : await store.WallPairings.FirstOrDefaultAsync(p => p.SecretHash == HashOf(secret), http.RequestAborted);
        if (pairing is null || pairing.ExpiresAt <= now && pairing.WallUserId is null)
        {
            pairing = await StartAsync(http, store, now);
        }
        else if (pairing.WallUserId is not null && await store.Users.FindAsync([pairing.WallUserId], http.RequestAborted) is { } wall)
        {
            store.WallPairings.Remove(pairing);
            await store.SaveChangesAsync(http.RequestAborted);
            http.Response.Cookies.Delete(CookieName);
            await signIn.SignInWithClaimsAsync(
                wall, new AuthenticationProperties { IsPersistent = true, ExpiresUtc = now + WallSessionLifetime }, [new Claim(ScreenClaim, pairing.ScreenName!)]);
            loggers.CreateLogger(typeof(WallPairingEndpoints).FullName!).LogInformation(
                "Wall screen '{Screen}' paired as {Wall} (approved by {Admin}) from {Address}", pairing.ScreenName, wall.UserName, pairing.ApprovedBy, http.Connection.RemoteIpAddress);
            return Results.LocalRedirect(ConsoleRoutes.Wall);
        }

        return Results.LocalRedirect(Page + QueryString.Create("code", pairing.Code));
    }

    private static async Task<WallPairing> StartAsync(HttpContext http, IdentityStore store, DateTimeOffset now)
    {
        // Old codes nobody approved go when a new one is made; approved ones wait for their screen until they expire.
        await store.WallPairings.Where(p => p.ExpiresAt <= now).ExecuteDeleteAsync(http.RequestAborted);
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var pairing = new WallPairing
        {
            Code = RandomNumberGenerator.GetString(CodeAlphabet, 8),
            SecretHash = HashOf(secret),
            CreatedAt = now,
            ExpiresAt = now + CodeLifetime,
        };
        store.WallPairings.Add(pairing);
        await store.SaveChangesAsync(http.RequestAborted);
        http.Response.Cookies.Append(CookieName, secret, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            MaxAge = CodeLifetime,
        });
        return pairing;
    }

    private static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
