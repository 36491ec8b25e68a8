using Microsoft.AspNetCore.Antiforgery;

namespace CommandCenter.Auth;

/// <summary>
/// A cookie travels with any request the browser makes, including one another site triggers, so an
/// API write made with the cookie must also carry the antiforgery token in a header
/// (<c>GET /api/antiforgery</c> gives it). API-key clients have no cookie and need none.
/// </summary>
public static class ApiAntiforgery
{
    public const string HeaderName = "X-CSRF-TOKEN";

    public const string Route = "/api/antiforgery";

    public sealed record TokenResponse(string HeaderName, string Token);

    public static WebApplication UseApiAntiforgery(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (NeedsToken(context) && !await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
            {
                await ApiProblems.WriteAsync(context, StatusCodes.Status400BadRequest, ApiProblems.TextOf(context)["ApiAntiforgery", HeaderName, Route]);
                return;
            }

            await next(context);
        });
        return app;
    }

    public static WebApplication MapApiAntiforgery(this WebApplication app)
    {
        app.MapGet(Route, (HttpContext context, IAntiforgery antiforgery) =>
            TypedResults.Ok(new TokenResponse(HeaderName, antiforgery.GetAndStoreTokens(context).RequestToken!)))
            .AllowAnonymous()
            .WithTags("Console")
            .WithSummary("The antiforgery token that cookie-authenticated API writes send in the header it names.");
        return app;
    }

    private static bool NeedsToken(HttpContext context) =>
        !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && !HttpMethods.IsOptions(context.Request.Method)
        && ApiProblems.IsProgramPath(context.Request.Path)
        // SignalR's negotiate is a POST; a hub connection is authorized per call, and hub methods only read or acknowledge.
        && !context.Request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase)
        && context.User.Identity is { IsAuthenticated: true, AuthenticationType: var type } && type != AuthSchemes.ApiKey;
}
