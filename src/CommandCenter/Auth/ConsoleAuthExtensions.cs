using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace CommandCenter.Auth;

public static class ConsoleAuthExtensions
{
    private static readonly TimeSpan SignInLifetime = TimeSpan.FromHours(12);

    /// <summary>
    /// Cookie sign-in for the firm console and the operator desk, their policies, the console users
    /// (configured or demo) and <see cref="FirmScope"/>. The wall stays anonymous.
    /// </summary>
    public static WebApplicationBuilder AddConsoleAuth(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ConsoleAuthOptions>()
            .Configure<IConfiguration>((options, configuration) => configuration.GetSection(ConsoleAuthOptions.UsersSection).Bind(options.Users))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConsoleAuthOptions>, ConsoleAuthOptionsValidator>();
        services.AddSingleton(ConsoleUsers.Load);
        services.AddSingleton<FirmScope>();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(options =>
        {
            options.Cookie.Name = "cc.console";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.LoginPath = ConsoleRoutes.Login;
            // The login page tells a signed-in user which pages their account may open.
            options.AccessDeniedPath = ConsoleRoutes.Login;
            options.ExpireTimeSpan = SignInLifetime;
            options.SlidingExpiration = true;
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(ConsolePolicies.Operator, policy => policy.RequireRole(ConsoleRoles.Operator))
            .AddPolicy(ConsolePolicies.FirmConsole, policy => policy.RequireRole(ConsoleRoles.Operator, ConsoleRoles.Firm))
            .AddPolicy(ConsolePolicies.WallWatcher, policy => policy.RequireAssertion(context => context.User.MayWatchWall()))
            .AddPolicy(ConsolePolicies.FirmWatcher, policy => policy.AddRequirements(new FirmWatcherRequirement()))
            .AddPolicy(ConsolePolicies.AreaWatcher, policy => policy.AddRequirements(new AreaWatcherRequirement()));
        services.AddSingleton<IAuthorizationHandler, FirmWatcherHandler>();
        services.AddSingleton<IAuthorizationHandler, AreaWatcherHandler>();
        services.AddCascadingAuthenticationState();
        return builder;
    }

    /// <summary>Authentication and authorization; must run before antiforgery and the endpoints.</summary>
    public static WebApplication UseConsoleAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>Sign-in and sign-out endpoints; loads the users now so demo seeding is logged at start-up.</summary>
    public static WebApplication MapConsoleAuth(this WebApplication app)
    {
        app.Services.GetRequiredService<ConsoleUsers>();
        app.MapAccountEndpoints();
        return app;
    }
}
