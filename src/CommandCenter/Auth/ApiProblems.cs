using System.Collections.Immutable;
using System.Security.Claims;
using CommandCenter.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Auth;

/// <summary>
/// Programs calling the API get a ProblemDetails with 401 or 403 that says why, never a redirect to
/// the login page; browsers opening a page are redirected as usual. Their texts are in the request's
/// UI culture (<c>ApiText.resx</c>).
/// </summary>
public static class ApiProblems
{
    private static readonly string[] ProgramPaths = ["/api", "/open311", "/hubs", "/metrics"];

    /// <summary>
    /// The one refusal for something that exists but lies outside the caller's scope (403, naming the user and the
    /// scope); <paramref name="thing"/> names the kind of thing, an entry <c>Thing.<paramref name="thing"/></c>.
    /// </summary>
    public static ProblemHttpResult OutOfScope(IStringLocalizer<ApiText> text, ClaimsPrincipal user, string thing, string id) =>
        TypedResults.Problem(
            text["OutOfScope", text[$"Thing.{thing}", id], user.Identity?.Name ?? "", user.ScopeOf()?.ToString() ?? ""], statusCode: StatusCodes.Status403Forbidden);

    /// <summary>A request with these problems, each naming its field (400, also listed as <c>errors</c>).</summary>
    public static ProblemHttpResult Invalid(IEnumerable<string> problems)
    {
        var errors = problems.ToImmutableArray();
        return TypedResults.Problem(
            string.Join(" ", errors), statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["errors"] = errors });
    }

    public static bool IsProgramPath(PathString path) => ProgramPaths.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));

    public static Task ChallengeOrRedirectAsync(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (!IsProgramPath(context.Request.Path))
        {
            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        }

        var text = TextOf(context.HttpContext);
        var user = context.HttpContext.User;
        var detail = status == StatusCodes.Status401Unauthorized
            ? text["SignInFirst"]
            : text["MayNot", user.Identity?.Name ?? "", user.RoleOf() ?? "", user.ScopeOf()?.ToString() ?? "", context.Request.Method, context.Request.Path.ToString()];
        return WriteAsync(context.HttpContext, status, detail);
    }

    /// <summary>The API's texts for a request outside an endpoint (middleware, authentication events).</summary>
    public static IStringLocalizer<ApiText> TextOf(HttpContext context) => context.RequestServices.GetRequiredService<IStringLocalizer<ApiText>>();

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
