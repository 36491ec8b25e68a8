using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace CommandCenter.Auth;

/// <summary>
/// Programs calling the API get a ProblemDetails with 401 or 403 that says why, never a redirect to
/// the login page; browsers opening a page are redirected as usual.
/// </summary>
public static class ApiProblems
{
    private static readonly string[] ProgramPaths = ["/api", "/open311", "/hubs", "/metrics"];

    /// <summary>The one refusal for something that exists but lies outside the caller's scope (403, naming the user and the scope).</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult OutOfScope(System.Security.Claims.ClaimsPrincipal user, string what) =>
        TypedResults.Problem($"{what} is outside the scope of {user.Identity?.Name} ({user.ScopeOf()}).", statusCode: StatusCodes.Status403Forbidden);

    public static bool IsProgramPath(PathString path) => ProgramPaths.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));

    public static Task ChallengeOrRedirectAsync(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (!IsProgramPath(context.Request.Path))
        {
            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        }

        var detail = status == StatusCodes.Status401Unauthorized
            ? "Sign in first (POST /account/login, or an API key in 'Authorization: Bearer …')."
            : $"{context.HttpContext.User.Identity?.Name} ({context.HttpContext.User.RoleOf()}, {context.HttpContext.User.ScopeOf()}) may not {context.Request.Method} {context.Request.Path}.";
        return WriteAsync(context.HttpContext, status, detail);
    }

    public static async Task WriteAsync(HttpContext context, int status, string detail)
    {
        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Detail = detail },
        });
    }
}
