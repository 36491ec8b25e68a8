using CommandCenter.Grains.Tickets;

namespace CommandCenter.Tickets;

public static class TicketExtensions
{
    /// <summary>
    /// Work orders: <see cref="TicketOptions"/> bound to <c>Tickets</c> and validated at start-up,
    /// the rules the ticket grains use, ProblemDetails for errors and the OpenAPI document.
    /// </summary>
    public static WebApplicationBuilder AddTickets(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TicketOptions>().BindConfiguration(TicketOptions.Section).ValidateOnStart();
        builder.Services.AddTicketRules();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        return builder;
    }

    /// <summary>The REST API under <c>/api/tickets</c>, Open311 GeoReport v2 under <c>/open311/v2</c>, and <c>/openapi/v1.json</c>.</summary>
    public static WebApplication MapTickets(this WebApplication app)
    {
        app.MapTicketEndpoints();
        app.MapOpen311Endpoints();
        app.MapOpenApi();
        return app;
    }
}
