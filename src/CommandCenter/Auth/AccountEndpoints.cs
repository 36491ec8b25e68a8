using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace CommandCenter.Auth;

/// <summary>
/// Sign-in and sign-out, posted to by the plain HTML forms of the login page and the console nav.
/// Cookies can only be set on an HTTP response, never from a Blazor circuit, hence endpoints.
/// The antiforgery middleware checks both forms' token.
/// </summary>
public static class AccountEndpoints
{
    public static WebApplication MapAccountEndpoints(this WebApplication app)
    {
        app.MapPost(ConsoleRoutes.SignIn, SignInAsync).WithTags("Console").ExcludeFromDescription();
        app.MapPost(ConsoleRoutes.SignOut, async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect(ConsoleRoutes.Login);
        }).WithMetadata(new RequireAntiforgeryTokenAttribute()).WithTags("Console").ExcludeFromDescription();
        return app;
    }

    /// <summary>The login form's fields bind one by one: a form without a return URL is still a valid form.</summary>
    private static async Task<IResult> SignInAsync(
        [FromForm] string? userName, [FromForm] string? password, [FromForm] string? returnUrl, HttpContext http, ConsoleUsers users, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(AccountEndpoints).FullName!);
        if (users.Verify(userName, password) is not { } user)
        {
            logger.LogWarning("Console sign-in refused for '{User}' from {Address}", userName, http.Connection.RemoteIpAddress);
            var query = QueryString.Create([new KeyValuePair<string, string?>("error", "invalid"), new("returnUrl", returnUrl)]);
            return Results.LocalRedirect(ConsoleRoutes.Login + query);
        }

        var principal = ConsoleClaims.PrincipalOf(user);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        logger.LogInformation("Console sign-in: {User} ({Role}{Firm})", user.Name, user.Role, user.FirmId is null ? "" : " of " + user.FirmId);
        // Firm users have one page; an operator goes back where the login challenge came from.
        var target = user.Role == ConsoleRoles.Operator && IsLocal(returnUrl) ? returnUrl! : ConsoleRoutes.HomeOf(principal);
        return Results.LocalRedirect(target);
    }

    /// <summary>Only paths on this site: never <c>//host</c> or <c>/\host</c>, which browsers read as another site.</summary>
    private static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
