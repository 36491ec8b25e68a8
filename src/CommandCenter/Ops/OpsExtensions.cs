using CommandCenter.Auth;
using Orleans.Dashboard;

namespace CommandCenter.Ops;

public static class OpsExtensions
{
    /// <summary>The operations page's data (<see cref="OpsDataService"/>).</summary>
    public static WebApplicationBuilder AddOps(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<OpsOptions>().BindConfiguration(OpsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<OpsDataService>();
        return builder;
    }

    /// <summary>
    /// <c>GET /api/ops</c>, the operations page's figures, for city operators and admins; and the Orleans
    /// Dashboard under <see cref="ConsoleRoutes.OrleansDashboard"/>, for admins (its silo side is added with the silo).
    /// </summary>
    public static WebApplication MapOps(this WebApplication app)
    {
        app.MapGet("/api/ops", (OpsDataService ops, CancellationToken cancellationToken) => ops.GetAsync(cancellationToken))
            .WithTags("Operations").RequireAuthorization(ConsolePolicies.Operations);
        app.MapOrleansDashboard(ConsoleRoutes.OrleansDashboard).RequireAuthorization(ConsolePolicies.Admin).ExcludeFromDescription();
        return app;
    }
}
