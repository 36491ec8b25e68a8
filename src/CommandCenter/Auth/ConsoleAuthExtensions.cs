using CommandCenter.Auth.Store;
using CommandCenter.Relational;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CommandCenter.Auth;

public static class ConsoleAuthExtensions
{
    private static readonly TimeSpan SignInLifetime = TimeSpan.FromHours(12);

    /// <summary>
    /// How often a signed-in session re-reads its user: a revoked user (new security stamp, locked,
    /// deleted) loses every page, API call and hub connection within this time.
    /// </summary>
    public static readonly TimeSpan RevocationCheckInterval = TimeSpan.FromSeconds(30);

    /// <summary>
    /// ASP.NET Core Identity on its EF Core store (users, one role and one scope each, API keys), the
    /// cookie and API-key schemes, deny-by-default authorization with the product's policies, the
    /// rate limits (sign-in, API keys) and the seeds (configured and demo users).
    /// </summary>
    public static WebApplicationBuilder AddConsoleAuth(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddRelationalStore<IdentityStore, SqliteIdentityStore, PostgresIdentityStore>(IdentityStore.Name);
        services.AddIdentityStores();
        services.AddOptions<ConsoleAuthOptions>()
            .Configure<IConfiguration>((options, configuration) => configuration.GetSection(ConsoleAuthOptions.UsersSection).Bind(options.Users))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConsoleAuthOptions>, ConsoleAuthOptionsValidator>();
        services.AddSingleton<IRelationalStoreSeed, UserSeed>();
        services.AddSingleton<FirmScope>();
        services.AddSingleton<UserScopes>();
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = RevocationCheckInterval;
            o.OnRefreshingPrincipal = KeepSessionClaims;
        });
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = AuthSchemes.Selector;
                o.DefaultChallengeScheme = AuthSchemes.Selector;
            })
            .AddPolicyScheme(AuthSchemes.Selector, "cookie or API key", o => o.ForwardDefaultSelector = ApiKeyAuthentication.SelectScheme)
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthentication>(AuthSchemes.ApiKey, null)
            .AddIdentityCookies(cookies => cookies.ApplicationCookie!.Configure(ConfigureCookie));
        services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddConsolePolicies();
        services.AddRateLimits();
        services.AddAntiforgery(o => o.HeaderName = ApiAntiforgery.HeaderName);
        services.AddCascadingAuthenticationState();
        services.AddScoped<SessionCheck>();
        services.AddScoped<AuthenticationStateProvider, SecurityStampRevalidation>();
        return builder;
    }

    /// <summary>Identity's user manager and sign-in manager on the EF Core store; the <c>users</c> command uses the same.</summary>
    public static IServiceCollection AddIdentityStores(this IServiceCollection services)
    {
        services.AddIdentityCore<CommandCenterUser>(o =>
            {
                o.User.RequireUniqueEmail = false;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@+";
                o.Password.RequiredLength = 12;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireDigit = false;
                // Nobody on the network may lock the duty operator out by guessing: failures are rate-limited
                // (RateLimits), and only an admin locks an account.
                o.Lockout.AllowedForNewUsers = false;
            })
            .AddSignInManager()
            .AddClaimsPrincipalFactory<UserClaimsFactory>()
            .AddEntityFrameworkStores<IdentityStore>()
            .AddDefaultTokenProviders();
        services.AddScoped<UserAdministration>();
        return services;
    }

    /// <summary>
    /// Identity rebuilds the principal from the store at every re-check, which would drop what only the
    /// sign-in knew: that a second factor was used (an admin would lose /admin after 30 s) and which
    /// screen a paired wall is.
    /// </summary>
    private static Task KeepSessionClaims(SecurityStampRefreshingPrincipalContext context)
    {
        var kept = context.CurrentPrincipal?.Claims
            .Where(c => c.Type is ConsoleClaims.AuthenticationMethod or WallPairingEndpoints.ScreenClaim)
            .Select(c => new System.Security.Claims.Claim(c.Type, c.Value)) ?? [];
        if (context.NewPrincipal?.Identity is System.Security.Claims.ClaimsIdentity identity)
        {
            identity.AddClaims(kept.Where(c => !identity.HasClaim(c.Type, c.Value)));
        }

        return Task.CompletedTask;
    }

    private static void ConfigureCookie(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = "cc.session";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.LoginPath = ConsoleRoutes.Login;
        // The login page tells a signed-in user which pages their account may open.
        options.AccessDeniedPath = ConsoleRoutes.Login;
        options.ExpireTimeSpan = SignInLifetime;
        options.SlidingExpiration = true;
        options.Events.OnRedirectToLogin = context => ApiProblems.ChallengeOrRedirectAsync(context, StatusCodes.Status401Unauthorized);
        options.Events.OnRedirectToAccessDenied = context => ApiProblems.ChallengeOrRedirectAsync(context, StatusCodes.Status403Forbidden);
    }

    /// <summary>Authentication, the rate limits (which need to know the API key's client), authorization; must run before antiforgery and the endpoints.</summary>
    public static WebApplication UseConsoleAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseRateLimits();
        app.UseAuthorization();
        app.UseApiAntiforgery();
        return app;
    }

    public static WebApplication MapConsoleAuth(this WebApplication app)
    {
        app.MapAccountEndpoints();
        return app;
    }
}

/// <summary>The authentication schemes: Identity's cookie for people, an API key for integration clients, and the selector between them.</summary>
public static class AuthSchemes
{
    public const string Selector = "cc";
    public const string ApiKey = "api-key";
    public static readonly string Cookie = IdentityConstants.ApplicationScheme;
}
