using System.Security.Claims;
using CommandCenter.Auth;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CommandCenter.Health;

public static class HealthExtensions
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    public static WebApplicationBuilder AddCommandCenterHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<SiloHealthCheck>("silo", timeout: CheckTimeout)
            .AddCheck<BrokerHealthCheck>("broker", timeout: CheckTimeout)
            .AddCheck<InfluxHealthCheck>("influxdb", timeout: CheckTimeout);
        return builder;
    }

    /// <summary><c>GET /health</c>: the state of each part as JSON; 200 only when every part is healthy.</summary>
    public static WebApplication MapCommandCenterHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions
        {
            ResponseWriter = WriteJsonAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).AllowAnonymous();
        return app;
    }

    private static bool MaySeeParts(ClaimsPrincipal user) => user.IsCityOperator() || user.HasClaim(ConsoleClaims.ApiScope, ApiScopes.Monitoring);

    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            // Liveness for anyone (load balancers, run.sh); which part fails and why for those who watch the system.
            parts = !MaySeeParts(context.User) ? null : report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new
                {
                    status = entry.Value.Status.ToString(),
                    detail = entry.Value.Description ?? entry.Value.Exception?.Message,
                    data = entry.Value.Data.Count > 0 ? entry.Value.Data : null,
                }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}
