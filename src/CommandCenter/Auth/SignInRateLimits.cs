using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CommandCenter.Auth;

/// <summary>
/// Guessing passwords is slowed, never turned into a lockout: sign-in attempts are limited per source
/// address, and per user name from that address, with ASP.NET Core's rate limiter; an attempt over
/// either limit is answered 429 with <c>Retry-After</c> without the password being checked. The limits
/// apply to the password and second-factor forms only; every other request passes untouched. The
/// counts are kept per silo. Throttling is logged as a warning naming the address and the user name,
/// for the operators.
/// </summary>
public static class SignInRateLimits
{
    public static IServiceCollection AddSignInRateLimits(this IServiceCollection services)
    {
        services.AddOptions<SignInLimitOptions>().BindConfiguration(SignInLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SignInLimitOptions>>((options, limits) =>
        {
            var perAddress = limits.Value.PerAddressPerMinute;
            var perUser = limits.Value.PerUserPer15Minutes;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = OnRejectedAsync;
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsSignIn(context)
                    ? RateLimitPartition.GetFixedWindowLimiter("address:" + AddressBlockOf(context), _ => Window(perAddress, TimeSpan.FromMinutes(1)))
                    : RateLimitPartition.GetNoLimiter("")),
                // Per name *and* address: guessing one name from one place is slowed, while its owner,
                // signing in from their own desk, is never held back by someone else's guesses.
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsSignIn(context)
                    ? RateLimitPartition.GetFixedWindowLimiter($"user:{UserNameOf(context)}@{AddressBlockOf(context)}", _ => Window(perUser, TimeSpan.FromMinutes(15)))
                    : RateLimitPartition.GetNoLimiter("")));
        });
        return services;
    }

    /// <summary>The login form is read before the limiter runs, so the limiter can see the user name without blocking a thread.</summary>
    public static WebApplication UseSignInRateLimits(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (IsSignIn(context) && context.Request.HasFormContentType)
            {
                await context.Request.ReadFormAsync(context.RequestAborted);
            }

            await next(context);
        });
        app.UseRateLimiter();
        return app;
    }

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true };

    /// <summary>The password form and the second-factor form: both guess a secret.</summary>
    private static bool IsSignIn(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method)
        && (context.Request.Path.Equals(ConsoleRoutes.SignIn, StringComparison.OrdinalIgnoreCase)
            || context.Request.Path.Equals(ConsoleRoutes.SignInSecondFactor, StringComparison.OrdinalIgnoreCase));

    private static string AddressBlockOf(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4().ToString()
            : address.AddressFamily == AddressFamily.InterNetworkV6 ? new IPNetwork(address, 64).ToString()
            : address.ToString();
    }

    private static string UserNameOf(HttpContext context) =>
        context.Request.HasFormContentType ? context.Request.Form["UserName"].ToString().Trim().ToLowerInvariant() : "";

    private static ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SignInRateLimits).FullName!).LogWarning(
            "Sign-in throttled for user '{User}' from {Address}: too many attempts; next try in {Seconds:0} s",
            UserNameOf(context), context.Connection.RemoteIpAddress, retryAfter.TotalSeconds);
        return ValueTask.CompletedTask;
    }
}

/// <summary>The sign-in limits (<c>SignIn:PerAddressPerMinute</c>, <c>SignIn:PerUserPer15Minutes</c>).</summary>
public sealed class SignInLimitOptions
{
    public const string Section = "SignIn";

    /// <summary>Attempts from one address (IPv6: one /64) per minute.</summary>
    [Range(1, 100_000)]
    public int PerAddressPerMinute { get; set; } = 10;

    /// <summary>Attempts at one user name from one address (IPv6: one /64) per 15 minutes.</summary>
    [Range(1, 100_000)]
    public int PerUserPer15Minutes { get; set; } = 20;
}
