using CommandCenter.Audit;
using CommandCenter.Auth.Store;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace CommandCenter.Auth;

/// <summary>
/// Sign-in and sign-out, posted to by the plain HTML forms of the login page and the console nav.
/// Cookies can only be set on an HTTP response, never from a Blazor circuit, hence endpoints.
/// Both forms carry the antiforgery token: the login form's is checked as its fields bind, sign-out
/// binds nothing and checks it with <see cref="RequireFormAntiforgery"/>.
/// </summary>
public static class AccountEndpoints
{
    public static WebApplication MapAccountEndpoints(this WebApplication app)
    {
        app.MapPost(ConsoleRoutes.SignIn, SignInAsync).AllowAnonymous().WithTags("Console").ExcludeFromDescription();
        app.MapPost(ConsoleRoutes.SignOut, async (SignInManager<CommandCenterUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect(ConsoleRoutes.Login);
        }).AllowAnonymous().RequireFormAntiforgery().WithTags("Console").ExcludeFromDescription();
        app.MapApiAntiforgery();
        app.MapSecondFactorEndpoints();
        app.MapWallPairing();
        return app;
    }

    /// <summary>
    /// Refuses (400) a form post without the page's antiforgery token, so another site cannot post it with
    /// the user's cookie. The middleware checks the token and only notes the outcome; a handler that binds no
    /// form field must refuse on its own, or a cross-site form could sign people out or change their account.
    /// </summary>
    internal static RouteHandlerBuilder RequireFormAntiforgery(this RouteHandlerBuilder endpoint) =>
        endpoint.WithMetadata(new RequireAntiforgeryTokenAttribute()).AddEndpointFilter(async (context, next) =>
            context.HttpContext.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: true }
                ? await next(context)
                : Results.Problem(ApiProblems.TextOf(context.HttpContext)["FormAntiforgery"], statusCode: StatusCodes.Status400BadRequest));

    /// <summary>
    /// The login form's fields bind one by one: a form without a return URL is still a valid form.
    /// Every attempt goes to the audit log with the address it came from; a refusal with why.
    /// </summary>
    private static async Task<IResult> SignInAsync(
        [FromForm] string? userName, [FromForm] string? password, [FromForm] string? returnUrl,
        HttpContext http, SignInManager<CommandCenterUser> signIn, SignInBackoff backoff, AuditLog audit, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(AccountEndpoints).FullName!);
        // Names that do not exist back off the same way, so the delay never tells whether one does.
        var attempt = SignInBackoff.KeyOf(userName, http);
        if (backoff.RefusalFor(attempt, http) is { } waitFirst)
        {
            return waitFirst;
        }

        var user = await signIn.UserManager.FindByNameAsync(userName?.Trim() ?? "");
        if (user is null)
        {
            // As long as a wrong password takes, so a reply never tells whether the name exists.
            signIn.UserManager.PasswordHasher.VerifyHashedPassword(new CommandCenterUser(), DecoyHash.Value, password ?? "");
            backoff.Failed(attempt);
            return await RefusedAsync(logger, audit, http, userName, returnUrl, "invalid", "no such user");
        }

        var result = await signIn.PasswordSignInAsync(user, password ?? "", isPersistent: false, lockoutOnFailure: false);
        // Only a whole sign-in clears the count: a right password alone must not reset the wrong codes after it.
        if (result.Succeeded)
        {
            backoff.Succeeded(attempt);
        }
        else if (!result.RequiresTwoFactor)
        {
            backoff.Failed(attempt);
        }

        if (result.RequiresTwoFactor)
        {
            // Identity keeps who passed the password in its two-factor cookie until the code comes.
            return Results.LocalRedirect(ConsoleRoutes.SecondFactor + QueryString.Create("returnUrl", returnUrl ?? ""));
        }

        return result.Succeeded ? await SignedInAsync(logger, audit, http, user, returnUrl)
            : result.IsLockedOut ? await RefusedAsync(logger, audit, http, userName, returnUrl, "locked", "locked by an admin")
            : await RefusedAsync(logger, audit, http, userName, returnUrl, "invalid", "wrong password");
    }

    internal static async Task<IResult> SignedInAsync(ILogger logger, AuditLog audit, HttpContext http, CommandCenterUser user, string? returnUrl)
    {
        logger.LogInformation("Sign-in: {User} ({Role}, {Scope})", user.UserName, user.Role, user.Scope);
        await audit.RecordAsync(AuditActor.Of(user.UserName!, user.Role, http), AuditActions.SignIn, user.UserName, $"scope {user.Scope}");
        var home = ConsoleRoutes.HomeOf(user.Role);
        return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : home);
    }

    private static async Task<IResult> RefusedAsync(ILogger logger, AuditLog audit, HttpContext http, string? userName, string? returnUrl, string error, string why)
    {
        logger.LogWarning("Sign-in refused for '{User}' from {Address}: {Why}", userName, http.Connection.RemoteIpAddress, why);
        await audit.RecordAsync(AuditActor.Of(http), AuditActions.SignInRefused, userName?.Trim(), why);
        return Results.LocalRedirect(ConsoleRoutes.Login + QueryString.Create([new KeyValuePair<string, string?>("error", error), new("returnUrl", returnUrl)]));
    }

    /// <summary>Only paths on this site: never <c>//host</c> or <c>/\host</c>, which browsers read as another site.</summary>
    private static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    private static readonly Lazy<string> DecoyHash = new(() =>
        new PasswordHasher<CommandCenterUser>().HashPassword(new CommandCenterUser(), Guid.NewGuid().ToString()));
}
