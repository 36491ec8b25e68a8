using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using System.ComponentModel.DataAnnotations;
using CommandCenter.Audit;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CommandCenter.Auth;

/// <summary>
/// The product's one rate limiter (ASP.NET Core's), with fixed windows per partition:
/// <list type="bullet">
/// <item>guessing passwords is slowed, never turned into a lockout: the password and second-factor forms
/// per source address, and per user name from that address;</item>
/// <item>integration clients per client: every request made with an API key, and Open311 posts (each one
/// a work order) more tightly. People signed in with a cookie are not limited here.</item>
/// </list>
/// A request over a limit is answered 429 ProblemDetails with <c>Retry-After</c>, saying which limit,
/// before its password is checked or anything is stored. The counts are kept per silo. The first refusal
/// of a partition in a window alerts the operators (<see cref="ThrottleAlerts"/>).
/// </summary>
public static class RateLimits
{
    public static IServiceCollection AddRateLimits(this IServiceCollection services)
    {
        services.AddOptions<SignInLimitOptions>().BindConfiguration(SignInLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ApiKeyLimitOptions>().BindConfiguration(ApiKeyLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ThrottleAlerts>();
        services.AddSingleton<SignInBackoff>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SignInLimitOptions>, IOptions<ApiKeyLimitOptions>>((options, signIn, apiKeys) =>
        {
            RateLimit[] limits =
            [
                new("SignIn:PerAddressPerMinute", "TooManySignInsFromAddress", signIn.Value.PerAddressPerMinute, TimeSpan.FromMinutes(1),
                    context => IsSignIn(context) ? "address:" + AddressBlockOf(context) : null),
                // Per name *and* address: guessing one name from one place is slowed, while its owner,
                // signing in from their own desk, is never held back by someone else's guesses.
                new("SignIn:PerUserPer15Minutes", "TooManySignInsForUser", signIn.Value.PerUserPer15Minutes, TimeSpan.FromMinutes(15),
                    context => IsSignIn(context) ? $"user:{UserNameOf(context)}@{AddressBlockOf(context)}" : null),
                new($"{ApiKeyLimitOptions.Section}:PerClientPerMinute", "TooManyApiRequests", apiKeys.Value.PerClientPerMinute, TimeSpan.FromMinutes(1),
                    context => ApiClientOf(context) is { } client ? "api-client:" + client : null),
                new($"{ApiKeyLimitOptions.Section}:Open311PostsPerClientPerMinute", "TooManyOpen311Posts", apiKeys.Value.Open311PostsPerClientPerMinute, TimeSpan.FromMinutes(1),
                    context => IsOpen311Post(context) && ApiClientOf(context) is { } client ? "open311-posts:" + client : null),
            ];
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (rejected, _) => OnRejectedAsync(rejected, limits);
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained([.. limits.Select(limit => limit.Limiter)]);
        });
        return services;
    }

    /// <summary>
    /// Runs after authentication, so an API key's client is known. The login form is read before the
    /// limiter runs, so the limiter can see the user name without blocking a thread.
    /// </summary>
    public static WebApplication UseRateLimits(this WebApplication app)
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

    /// <summary>The password form and the second-factor form: both guess a secret.</summary>
    private static bool IsSignIn(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method)
        && (context.Request.Path.Equals(ConsoleRoutes.SignIn, StringComparison.OrdinalIgnoreCase)
            || context.Request.Path.Equals(ConsoleRoutes.SignInSecondFactor, StringComparison.OrdinalIgnoreCase));

    private static bool IsOpen311Post(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments("/open311", StringComparison.OrdinalIgnoreCase);

    /// <summary>The integration client whose API key the request carries; null for cookies and the anonymous.</summary>
    private static string? ApiClientOf(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, AuthenticationType: AuthSchemes.ApiKey } identity ? identity.Name : null;

    /// <summary>The address a limit counts: IPv4 as is, IPv6 by its /64 (one household or device's block).</summary>
    internal static string AddressBlockOf(HttpContext context)
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

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, IReadOnlyList<RateLimit> limits)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // The limit that refused has no permit left in the request's partition. So may a limit earlier in the
        // chain that this very request emptied: it is reported one request early, as it will refuse the next.
        var spent = limits.Select(limit => (Limit: limit, Partition: limit.SpentPartitionOf(context))).Where(pair => pair.Partition is not null).ToList();
        var alerts = context.RequestServices.GetRequiredService<ThrottleAlerts>();
        var actor = AuditActor.Of(context);
        foreach (var (limit, partition) in spent)
        {
            await alerts.ThrottledAsync(actor, partition!, limit.Description, limit.Window);
        }

        var text = context.RequestServices.GetRequiredService<IStringLocalizer<RateLimitText>>();
        var detail = spent.Count > 0
            ? text[spent[0].Limit.TextName, spent[0].Limit.Permits, spent[0].Limit.Window.TotalMinutes, spent[0].Limit.Setting, seconds]
            : text["TooManyRequests", seconds];
        await ApiProblems.WriteAsync(context, StatusCodes.Status429TooManyRequests, detail);
    }

    /// <summary>
    /// One limit: the setting that sets it, the text that explains a refusal, its permits per window, and
    /// which partition a request counts against (null: the limit does not apply to the request).
    /// </summary>
    private sealed class RateLimit
    {
        private readonly Func<HttpContext, string?> _partitionOf;

        public RateLimit(string setting, string textName, int permits, TimeSpan window, Func<HttpContext, string?> partitionOf)
        {
            Setting = setting;
            TextName = textName;
            Permits = permits;
            Window = window;
            _partitionOf = partitionOf;
            Limiter = PartitionedRateLimiter.Create<HttpContext, string>(context => partitionOf(context) is { } partition
                ? RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = window,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                })
                : RateLimitPartition.GetNoLimiter(""));
        }

        public string Setting { get; }

        public string TextName { get; }

        public int Permits { get; }

        public TimeSpan Window { get; }

        public PartitionedRateLimiter<HttpContext> Limiter { get; }

        /// <summary>As the audit log and the alert show it: <c>10 per 00:01:00 (SignIn:PerAddressPerMinute)</c>.</summary>
        public string Description => $"{Permits} per {Window:c} ({Setting})";

        /// <summary>The request's partition of this limit if it has no permit left; otherwise null.</summary>
        public string? SpentPartitionOf(HttpContext context) =>
            _partitionOf(context) is { } partition && Limiter.GetStatistics(context)?.CurrentAvailablePermits == 0 ? partition : null;
    }
}

/// <summary>The texts of a refusal over a rate limit (<c>RateLimitText.resx</c>, <c>RateLimitText.zh-CN.resx</c>).</summary>
public sealed class RateLimitText;

/// <summary>The sign-in limits (<c>SignIn:PerAddressPerMinute</c>, <c>SignIn:PerUserPer15Minutes</c>) and the growing delay after wrong passwords (<c>SignIn:FreeFailures</c>, <c>SignIn:MaxBackoffSeconds</c>).</summary>
public sealed class SignInLimitOptions
{
    public const string Section = "SignIn";

    /// <summary>Attempts from one address (IPv6: one /64) per minute.</summary>
    [Range(1, 100_000)]
    public int PerAddressPerMinute { get; set; } = 10;

    /// <summary>Attempts at one user name from one address (IPv6: one /64) per 15 minutes.</summary>
    [Range(1, 100_000)]
    public int PerUserPer15Minutes { get; set; } = 20;

    /// <summary>Wrong passwords or codes in a row for one name from one address before each further attempt must wait (<see cref="SignInBackoff"/>).</summary>
    [Range(1, 100_000)]
    public int FreeFailures { get; set; } = 5;

    /// <summary>The longest wait the doubling reaches, in seconds.</summary>
    [Range(1, 86_400)]
    public int MaxBackoffSeconds { get; set; } = 300;
}

/// <summary>The limits of integration clients (<c>ApiKeys:PerClientPerMinute</c>, <c>ApiKeys:Open311PostsPerClientPerMinute</c>).</summary>
public sealed class ApiKeyLimitOptions
{
    public const string Section = "ApiKeys";

    /// <summary>Requests one integration client makes with its API keys per minute, whatever they ask for.</summary>
    [Range(1, 100_000)]
    public int PerClientPerMinute { get; set; } = 600;

    /// <summary>Open311 service requests one client posts per minute: each becomes a work order someone must handle.</summary>
    [Range(1, 100_000)]
    public int Open311PostsPerClientPerMinute { get; set; } = 60;
}
