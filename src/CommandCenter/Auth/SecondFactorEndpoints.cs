using System.Security.Claims;
using CommandCenter.Audit;
using CommandCenter.Auth.Store;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace CommandCenter.Auth;

/// <summary>
/// The second factor (TOTP from an authenticator app), which admins must use: the code form after
/// the password, and setting the authenticator up from <c>/account/security</c> (a key, then a code that
/// turns it on). All are plain form posts: only an HTTP response can set the sign-in cookie, and
/// opening the page changes nothing.
/// </summary>
public static class SecondFactorEndpoints
{
    public static WebApplication MapSecondFactorEndpoints(this WebApplication app)
    {
        app.MapPost(ConsoleRoutes.SignInSecondFactor, SignInAsync).AllowAnonymous().WithTags("Console").ExcludeFromDescription();
        app.MapPost(ConsoleRoutes.CreateAuthenticatorKey, CreateKeyAsync).RequireAuthorization().RequireFormAntiforgery().WithTags("Console").ExcludeFromDescription();
        app.MapPost(ConsoleRoutes.EnableSecondFactor, EnableAsync).RequireAuthorization().WithTags("Console").ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> SignInAsync(
        [FromForm] string? code, [FromForm] string? returnUrl, HttpContext http, SignInManager<CommandCenterUser> signIn, SignInBackoff backoff,
        AuditLog audit, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(SecondFactorEndpoints).FullName!);
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is not { } user)
        {
            return Results.LocalRedirect(ConsoleRoutes.Login + QueryString.Create("error", "expired"));
        }

        // A six-digit code is guessed far sooner than a password: wrong codes back off on the same count.
        var attempt = SignInBackoff.KeyOf(user.UserName, http);
        if (backoff.RefusalFor(attempt, http) is { } waitFirst)
        {
            return waitFirst;
        }

        var result = await signIn.TwoFactorAuthenticatorSignInAsync(Normalize(code), isPersistent: false, rememberClient: false);
        if (!result.Succeeded)
        {
            backoff.Failed(attempt);
            logger.LogWarning("Second factor refused for {User} from {Address}", user.UserName, http.Connection.RemoteIpAddress);
            await audit.RecordAsync(AuditActor.Of(user.UserName!, user.Role, http), AuditActions.SignInRefused, user.UserName, "wrong second-factor code");
            return Results.LocalRedirect(ConsoleRoutes.SecondFactor + QueryString.Create([new KeyValuePair<string, string?>("error", "code"), new("returnUrl", returnUrl)]));
        }

        backoff.Succeeded(attempt);
        return await AccountEndpoints.SignedInAsync(logger, audit, http, user, returnUrl);
    }

    /// <summary>
    /// Makes the user's authenticator key, once: until the second factor is on, pressing again (or reloading
    /// the page) shows the key already scanned. It is set through the store: UserManager's reset would also
    /// renew the security stamp and end every other session of the user just for setting up.
    /// </summary>
    private static async Task<IResult> CreateKeyAsync(ClaimsPrincipal principal, UserManager<CommandCenterUser> users, IUserStore<CommandCenterUser> store)
    {
        if (await users.GetUserAsync(principal) is not { } user)
        {
            return Results.LocalRedirect(ConsoleRoutes.Login);
        }

        if (!user.TwoFactorEnabled && string.IsNullOrEmpty(await users.GetAuthenticatorKeyAsync(user)))
        {
            await ((IUserAuthenticatorKeyStore<CommandCenterUser>)store).SetAuthenticatorKeyAsync(user, users.GenerateNewAuthenticatorKey(), CancellationToken.None);
            await users.UpdateAsync(user);
        }

        return Results.LocalRedirect(ConsoleRoutes.Security);
    }

    /// <summary>Checks a code against the user's authenticator key, turns the second factor on and signs in again with it.</summary>
    private static async Task<IResult> EnableAsync(
        [FromForm] string? code, ClaimsPrincipal principal, SignInManager<CommandCenterUser> signIn, ILoggerFactory loggers)
    {
        var users = signIn.UserManager;
        if (await users.GetUserAsync(principal) is not { } user)
        {
            return Results.LocalRedirect(ConsoleRoutes.Login);
        }

        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, Normalize(code)))
        {
            return Results.LocalRedirect(ConsoleRoutes.Security + QueryString.Create("error", "code"));
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim(ConsoleClaims.AuthenticationMethod, ConsoleClaims.MultiFactor)]);
        loggers.CreateLogger(typeof(SecondFactorEndpoints).FullName!).LogInformation("Second factor turned on for {User}", user.UserName);
        return Results.LocalRedirect(ConsoleRoutes.HomeOf(user.Role));
    }

    private static string Normalize(string? code) => (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
}
