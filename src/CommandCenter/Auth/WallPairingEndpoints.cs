using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using CommandCenter.Audit;
using CommandCenter.Auth.Store;
using CommandCenter.Components.Admin;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Auth;

/// <summary>
/// Pairing a wall screen: on <c>/pair</c> the screen posts to <c>/account/wall-pairing</c> once, gets a
/// code to show and a secret in a cookie, and keeps coming back with GETs, which only ever read; once an admin approved the code (<see cref="ApproveAsync"/>),
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

    /// <summary>Codes waiting for an admin at once; beyond that anyone on the network could fill the table.</summary>
    public const int MaxWaiting = 50;

    private const string CookieName = "cc.pairing";
    private const string CodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static WebApplication MapWallPairing(this WebApplication app)
    {
        app.MapPost(Route, StartAsync).AllowAnonymous().WithTags("Console").ExcludeFromDescription();
        app.MapGet(Route, ContinueAsync).AllowAnonymous().WithTags("Console").ExcludeFromDescription();
        return app;
    }

    /// <summary>Approves a code for a wall account; the problem, in the admin's language, when it cannot be.</summary>
    public static async Task<string?> ApproveAsync(
        IdentityStore store, AuditLog audit, IStringLocalizer<AdminText> text, AuditActor admin, string code, string wallUserName, string screenName,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var normalized = code.Trim().ToUpperInvariant();
        var now = time.GetUtcNow();
        var wall = await store.Users.FirstOrDefaultAsync(u => u.UserName == wallUserName, cancellationToken);
        if (wall?.Role != Roles.Wall)
        {
            return text["NotAWallAccount", wallUserName];
        }

        // The name goes into the screen's session and every acknowledgement it makes, so it must say which screen.
        if (string.IsNullOrWhiteSpace(screenName))
        {
            return text["ScreenNameMissing"];
        }

        if (screenName.Trim().Length > WallPairing.MaxScreenNameLength)
        {
            return text["ScreenNameTooLong", WallPairing.MaxScreenNameLength, screenName.Trim().Length];
        }

        var pairing = await store.WallPairings.FirstOrDefaultAsync(p => p.Code == normalized, cancellationToken);
        if (pairing is null || pairing.ExpiresAt <= now || pairing.WallUserId is not null)
        {
            return text["PairingCodeUnknown", normalized, CodeLifetime.TotalMinutes];
        }

        pairing.WallUserId = wall.Id;
        pairing.ScreenName = screenName.Trim();
        pairing.ApprovedBy = admin.Name;
        await store.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(admin, AuditActions.WallPaired, wallUserName, $"screen '{pairing.ScreenName}', code {normalized}");
        return null;
    }

    private static async Task<IResult> ContinueAsync(
        HttpContext http, IdentityStore store, SignInManager<CommandCenterUser> signIn, AuditLog audit, TimeProvider time, ILoggerFactory loggers)
    {
        var now = time.GetUtcNow();
        var secret = http.Request.Cookies[CookieName];
        var pairing = secret is null ? null : await store.WallPairings.FirstOrDefaultAsync(p => p.SecretHash == HashOf(secret), http.RequestAborted);
        if (pairing is null || pairing.ExpiresAt <= now)
        {
            // No code, or an expired one: the page offers to start again.
            return Results.LocalRedirect(Page);
        }

        if (pairing.WallUserId is not null && await store.Users.FindAsync([pairing.WallUserId], http.RequestAborted) is { } wall)
        {
            store.WallPairings.Remove(pairing);
            await store.SaveChangesAsync(http.RequestAborted);
            http.Response.Cookies.Delete(CookieName);
            await signIn.SignInWithClaimsAsync(
                wall, new AuthenticationProperties { IsPersistent = true, ExpiresUtc = now + WallSessionLifetime }, [new Claim(ScreenClaim, pairing.ScreenName!)]);
            await audit.RecordAsync(AuditActor.Of(wall.UserName!, wall.Role, http), AuditActions.SignIn, wall.UserName, $"paired screen '{pairing.ScreenName}'");
            loggers.CreateLogger(typeof(WallPairingEndpoints).FullName!).LogInformation(
                "Wall screen '{Screen}' paired as {Wall} (approved by {Admin}) from {Address}", pairing.ScreenName, wall.UserName, pairing.ApprovedBy, http.Connection.RemoteIpAddress);
            return Results.LocalRedirect(ConsoleRoutes.Wall);
        }

        return Results.LocalRedirect(Page + QueryString.Create("code", pairing.Code));
    }

    private static async Task<IResult> StartAsync(HttpContext http, IdentityStore store, TimeProvider time)
    {
        var now = time.GetUtcNow();
        // Expired codes go when a new one is made.
        await store.WallPairings.Where(p => p.ExpiresAt <= now).ExecuteDeleteAsync(http.RequestAborted);
        if (await store.WallPairings.CountAsync(http.RequestAborted) >= MaxWaiting)
        {
            return Results.LocalRedirect(Page + QueryString.Create("error", "busy"));
        }

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
        return Results.LocalRedirect(Page + QueryString.Create("code", pairing.Code));
    }

    private static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
