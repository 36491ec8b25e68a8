namespace CommandCenter.Tickets;

public static class TicketExtensions
{
    /// <summary>
    /// Work orders' web side: ProblemDetails for errors and the OpenAPI document (their options and
    /// rules come with the grains' wiring).
    /// </summary>
    public static WebApplicationBuilder AddTickets(this WebApplicationBuilder builder)
    {
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
