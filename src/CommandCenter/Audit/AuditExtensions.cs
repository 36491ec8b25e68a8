using CommandCenter.Audit.Store;
using CommandCenter.Relational;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace CommandCenter.Audit;

public static class AuditExtensions
{
    /// <summary>
    /// The system audit log: its store, the <see cref="AuditLog"/> features record to, the daily
    /// retention purge, and <see cref="ConsoleAudit"/> for the consoles' circuits.
    /// </summary>
    public static WebApplicationBuilder AddAudit(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddAuditLog(builder.Configuration);
        services.AddAuditRetention();
        services.AddHttpContextAccessor();
        services.AddScoped<ConsoleAudit>();
        services.AddScoped<CircuitHandler>(provider => provider.GetRequiredService<ConsoleAudit>());
        return builder;
    }

    /// <summary>The store and <see cref="AuditLog"/>; the host commands use the same, so <c>users add</c> is recorded too.</summary>
    public static IServiceCollection AddAuditLog(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRelationalStore<AuditStore, SqliteAuditStore, PostgresAuditStore>(configuration, AuditStore.Name);
        services.AddSingleton<AuditLog>();
        return services;
    }

    /// <summary><see cref="AuditOptions"/>, validated at start, and the daily purge.</summary>
    public static IServiceCollection AddAuditRetention(this IServiceCollection services)
    {
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Hosted after the store's migrator (registered with the first store), so the table exists before the first purge.
        services.AddSingleton<AuditRetention>();
        services.AddHostedService(provider => provider.GetRequiredService<AuditRetention>());
        return services;
    }

    public static WebApplication MapAudit(this WebApplication app)
    {
        app.MapAuditEndpoints();
        return app;
    }
}
