using CommandCenter.Auth;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Tickets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Cases;

/// <summary>
/// <c>POST /api/cases</c>: a grid worker reports a case from the street (multipart: <c>category</c>, <c>description</c>,
/// <c>latitude</c>, <c>longitude</c>, up to three <c>photo</c> files). Answers 201 with the new ticket, placed in the grid
/// containing the position, and its photo links; a refusal is ProblemDetails listing every reason, and nothing is kept.
/// </summary>
public static class CaseEndpoints
{
    public const string Route = "/api/cases";

    public static WebApplication MapCaseEndpoints(this WebApplication app)
    {
        var intake = app.Services.GetRequiredService<CaseIntake>();
        app.MapPost(Route, ReportAsync)
            .RequireAuthorization(ConsolePolicies.GridWorkers)
            .WithMetadata(new RequestSizeLimitAttribute(intake.MaxRequestBytes))
            .WithTags("Cases")
            .WithSummary("A grid worker reports a case (multipart: category, description, latitude, longitude, up to 3 photo files); answers the ticket in the grid of the position.");
        return app;
    }

    private static async Task<Results<Created<TicketDetails>, ProblemHttpResult>> ReportAsync(
        HttpRequest request, CaseIntake intake, IStringLocalizer<TicketText> text, CancellationToken cancellationToken)
    {
        var (ticket, refusal) = await intake.ReportAsync(request, cancellationToken);
        return refusal switch
        {
            { ByTicket: { } ex } => TicketEndpoints.Problem(ex, text),
            { Status: StatusCodes.Status400BadRequest } => ApiProblems.Invalid(refusal.Reasons),
            not null => TypedResults.Problem(string.Join(" ", refusal.Reasons), statusCode: refusal.Status),
            null => TypedResults.Created($"/api/tickets/{Uri.EscapeDataString(ticket!.Ticket.Id)}", text.Localized(ticket)),
        };
    }
}
