using CommandCenter.Audit.Store;
using CommandCenter.Relational;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace CommandCenter.Audit;

public static class AuditExtensions
{
    /// <summary>
    /// The system audit log: its store, the <see cref="AuditLog"/> features record to, and <see cref="ConsoleAudit"/>
    /// for the consoles' circuits. Its retention (<see cref="AuditOptions.RetentionDays"/>) is kept by the retention sweeper.
    /// </summary>
    public static WebApplicationBuilder AddAudit(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddAuditLog(builder.Configuration);
        services.AddHttpContextAccessor();
        services.AddScoped<ConsoleAudit>();
        services.AddScoped<CircuitHandler>(provider => provider.GetRequiredService<ConsoleAudit>());
        return builder;
    }

    /// <summary>
    /// The store, <see cref="AuditLog"/> and <see cref="AuditOptions"/> (validated at start); the host commands use the
    /// same, so <c>users add</c> is recorded too.
    /// </summary>
    public static IServiceCollection AddAuditLog(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRelationalStore<AuditStore, SqliteAuditStore, PostgresAuditStore>(configuration, AuditStore.Name);
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AuditLog>();
        return services;
    }

    public static WebApplication MapAudit(this WebApplication app)
    {
        app.MapAuditEndpoints();
        return app;
    }
}
