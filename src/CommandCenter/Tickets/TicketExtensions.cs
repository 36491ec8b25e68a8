using CommandCenter.Grains.Abstractions;
using CommandCenter.Relational;
using CommandCenter.Tickets.Store;

namespace CommandCenter.Tickets;

public static class TicketExtensions
{
    /// <summary>
    /// Work orders' web side: the archive of finished tickets the grains write to and read from, ProblemDetails
    /// for errors and the OpenAPI document (their options and rules come with the grains' wiring).
    /// </summary>
    public static WebApplicationBuilder AddTickets(this WebApplicationBuilder builder)
    {
        builder.Services.AddTicketArchive(builder.Configuration);
        builder.Services.AddScoped<TicketEvaluations>();
        builder.Services.AddScoped<TicketFormSteps>();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        return builder;
    }

    /// <summary>The <see cref="TicketArchiveStore"/> and the grains' <see cref="ITicketArchive"/> over it.</summary>
    public static IServiceCollection AddTicketArchive(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTicketArchiveStore(configuration);
        services.AddSingleton<ITicketArchive, TicketArchive>();
        return services;
    }

    /// <summary>The store alone, for the <c>migrate</c> command.</summary>
    public static IServiceCollection AddTicketArchiveStore(this IServiceCollection services, IConfiguration configuration) =>
        services.AddRelationalStore<TicketArchiveStore, SqliteTicketArchiveStore, PostgresTicketArchiveStore>(configuration, TicketArchiveStore.Name);

    /// <summary>The REST API under <c>/api/tickets</c>, Open311 GeoReport v2 under <c>/open311/v2</c>, and <c>/openapi/v1.json</c>.</summary>
    public static WebApplication MapTickets(this WebApplication app)
    {
        app.MapTicketEndpoints();
        app.MapTicketCoHandlingEndpoints();
        app.MapOpen311Endpoints();
        app.MapOpenApi();
        return app;
    }
}
