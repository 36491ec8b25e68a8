using CommandCenter.Auth;
using CommandCenter.TelemetryIngest.Storage;
using Microsoft.Extensions.Options;

namespace CommandCenter.Retention;

public static class RetentionExtensions
{
    /// <summary>
    /// Each store's retention setting, validated at start; the sweeper that enforces them; and <see cref="RetentionStatus"/>.
    /// Registered after the stores, so their migrations have run before the first sweep. The audit log's and the
    /// notification outbox's settings are their features' own options (<c>Audit:RetentionDays</c>, <c>Notifications:KeepDays</c>).
    /// </summary>
    public static WebApplicationBuilder AddRetention(this WebApplicationBuilder builder)
    {
        builder.Services.AddRetention();
        return builder;
    }

    /// <inheritdoc cref="AddRetention(WebApplicationBuilder)"/>
    public static IServiceCollection AddRetention(this IServiceCollection services)
    {
        services.AddOptions<DeadLetterRetentionOptions>().BindConfiguration(DeadLetterRetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ElevatorHistoryRetentionOptions>().BindConfiguration(ElevatorHistoryRetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TicketArchiveRetentionOptions>().BindConfiguration(TicketArchiveRetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RetentionStatus>();
        services.AddSingleton<IRetentionSweep, DeadLetterSweep>();
        services.AddSingleton<IRetentionSweep, ElevatorHistorySweep>();
        services.AddSingleton<IRetentionSweep, TicketArchiveSweep>();
        services.AddSingleton<IRetentionSweep, AuditSweep>();
        services.AddSingleton<IRetentionSweep, NotificationOutboxSweep>();
        foreach (var policy in new[] { InfluxRollups.RawPolicy, InfluxRollups.RollupPolicy })
        {
            services.AddSingleton<IRetentionSweep>(provider => new TimeSeriesRetentionCheck(
                provider.GetRequiredService<ITimeSeriesStore>(), provider.GetRequiredService<IOptions<TimeSeriesRetentionOptions>>(), policy));
        }

        services.AddSingleton<RetentionSweeper>();
        services.AddHostedService(provider => provider.GetRequiredService<RetentionSweeper>());
        return services;
    }

    /// <summary><c>GET /api/ops/retention</c>: each store's setting, oldest item kept, last sweep and what it removed.</summary>
    public static WebApplication MapRetention(this WebApplication app)
    {
        // Who looks after the system: city-wide operators and admins with their second factor.
        app.MapGet("/api/ops/retention", (RetentionStatus status) => TypedResults.Ok(status.Stores))
            .RequireAuthorization(ConsolePolicies.Operations)
            .WithTags("Operations")
            .WithSummary("Each store's retention setting, the oldest item it keeps, its last sweep and how much that removed.");
        return app;
    }
}
