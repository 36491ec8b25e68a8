using System.Security.Claims;
using CommandCenter.Api;
using CommandCenter.Audit;
using CommandCenter.Auth;
using System.Collections.Immutable;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Grains.Tickets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Tickets;

/// <summary>A report as posted to <c>/api/tickets</c>: the location flat, the source by name.</summary>
public sealed record TicketReportBody(
    string? Source,
    string? Category,
    string? Description,
    string? GridId,
    string? Address,
    double? Lat,
    double? Long,
    string? Reporter,
    string? Contact);

/// <summary>
/// A workflow step as posted to <c>/api/tickets/{id}/{action}</c>; who takes it is the signed-in
/// user, never a name in the body.
/// </summary>
public sealed record TicketStepBody(string? Comment, TicketArea? Target, string? Assignee);

/// <summary>Filters of <c>GET /api/tickets</c> and <c>/api/tickets/kpis</c>; enum values by name, statuses comma-separated.</summary>
public sealed record TicketFilter(
    string? Area,
    string? Category,
    string? Status,
    string? Source,
    string? Level,
    bool? Overdue,
    DateTimeOffset? From,
    DateTimeOffset? To,
    int? Page,
    int? PageSize);

/// <summary>One page of the ticket list.</summary>
public sealed record TicketListResponse(int Total, int Page, int PageSize, IReadOnlyList<TicketSummary> Items);

/// <summary>
/// Work orders over REST. Every workflow step is its own POST (<c>/api/tickets/{id}/send-back</c>);
/// a refused step answers ProblemDetails naming the current status and the allowed actions — 409
/// for a move the workflow does not allow, 400 for a bad request, 404 for an unknown ticket — and
/// changes nothing. Refusals and the trail's system notices are in the request's language (<see cref="TicketText"/>).
/// </summary>
public static class TicketEndpoints
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 500;
    private const int MaxDepth = 10_000;

    public static WebApplication MapTicketEndpoints(this WebApplication app)
    {
        var api = app.MapGroup("/api/tickets").WithTags("Tickets").RequireAuthorization();
        api.MapGet("/", ListAsync).RequireAuthorization(ConsolePolicies.TicketReaders).WithSummary("Lists tickets, newest first, filtered by area, category, status, source, level and overdue.");
        api.MapGet("/kpis", KpisAsync).RequireAuthorization(ConsolePolicies.TicketReaders).WithSummary("On-time filing, dispatch, disposal and closure rates, overdue and rework counts.");
        api.MapGet("/categories", (TicketCatalog catalog) => TypedResults.Ok(catalog.Categories)).RequireAuthorization().WithSummary("The configured categories and their time limits.");
        api.MapGet("/{id}", GetAsync).RequireAuthorization(ConsolePolicies.TicketReaders).WithSummary("A ticket with its audit trail and the actions allowed now.");
        api.MapPost("/", ReportAsync).RequireAuthorization(ConsolePolicies.TicketReporters).WithSummary("Reports a new ticket; answers its id and details.");
        api.MapPost("/{id}/evaluation", EvaluateAsync).RequireAuthorization(ConsolePolicies.TicketEvaluators)
            .WithSummary("Evaluates a closed case (回访): {satisfaction, comment, rework}; an unsatisfied one with rework reopens it within the rework window.");
        foreach (var action in Enum.GetValues<TicketAction>())
        {
            api.MapPost($"/{{id}}/{KebabCase.Of(action)}", (
                    string id, TicketStepBody? step, IGrainFactory grains, ClaimsPrincipal user, UserScopes scopes, AuditLog audit, HttpContext http, IStringLocalizer<TicketText> text) =>
                    ActAsync(id, action, step, grains, user, scopes, audit, http, text))
                .RequireAuthorization(ConsolePolicies.TicketActors)
                .WithName($"Ticket{action}")
                .WithSummary(action == TicketAction.Dispatch
                    ? "Dispatches to a target {level, id} with an optional assignee; the time limit starts."
                    : $"{action}: body {{comment}}; the signed-in user takes the step.");
        }

        return app;
    }

    private static async Task<Results<Ok<TicketListResponse>, ProblemHttpResult>> ListAsync(
        [AsParameters] TicketFilter filter, IGrainFactory grains, TimeProvider time, ClaimsPrincipal user, UserScopes scopes,
        IStringLocalizer<TicketText> text, IStringLocalizer<ApiText> apiText)
    {
        if (ScopedFilter(filter, user, scopes) is not { } scoped)
        {
            return ApiProblems.OutOfScope(apiText, user, "Area", filter.Area ?? "");
        }

        filter = scoped;
        var page = filter.Page ?? 1;
        var pageSize = filter.PageSize ?? DefaultPageSize;
        var errors = new List<string>();
        if (page < 1 || pageSize < 1 || pageSize > MaxPageSize || (long)page * pageSize > MaxDepth)
        {
            errors.Add(text["Filter.PageRange", MaxPageSize, MaxDepth]);
        }

        var query = ToQuery(filter, errors, text) with { Skip = (page - 1) * pageSize, Take = pageSize };
        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors);
        }

        var result = await TicketIndex.QueryAsync(grains, query, time.GetUtcNow());
        return TypedResults.Ok(new TicketListResponse(result.Total, page, pageSize, result.Items));
    }

    private static async Task<Results<Ok<TicketKpis>, ProblemHttpResult>> KpisAsync(
        [AsParameters] TicketFilter filter, IGrainFactory grains, TimeProvider time, ClaimsPrincipal user, UserScopes scopes,
        IStringLocalizer<TicketText> text, IStringLocalizer<ApiText> apiText)
    {
        if (ScopedFilter(filter, user, scopes) is not { } scoped)
        {
            return ApiProblems.OutOfScope(apiText, user, "Area", filter.Area ?? "");
        }

        filter = scoped;
        var errors = new List<string>();
        var query = ToQuery(filter, errors, text);
        return errors.Count > 0 ? ApiProblems.Invalid(errors) : TypedResults.Ok(await TicketIndex.KpisAsync(grains, query, time.GetUtcNow()));
    }

    private static async Task<Results<Ok<TicketDetails>, ProblemHttpResult>> GetAsync(
        string id, IGrainFactory grains, ClaimsPrincipal user, UserScopes scopes, IStringLocalizer<TicketText> text, IStringLocalizer<ApiText> apiText) =>
        await grains.GetGrain<ITicketGrain>(id).GetAsync() is not { } details ? Problem(new TicketNotFoundException(id), text)
        : !scopes.Sees(user, details.Ticket) ? ApiProblems.OutOfScope(apiText, user, "Ticket", id)
        : TypedResults.Ok(text.Localized(details));

    /// <summary>
    /// The filter narrowed to the user's scope: a list without an area lists the user's area; an area
    /// inside the scope is kept; one outside it gives null (403). Departments list what is dispatched
    /// to them, which the index filters by area key too.
    /// </summary>
    private static TicketFilter? ScopedFilter(TicketFilter filter, ClaimsPrincipal user, UserScopes scopes)
    {
        var scope = user.ScopeOf();
        if (scope?.Kind == ScopeKind.City)
        {
            return filter;
        }

        var own = scope?.ToString();
        return filter.Area is null || filter.Area == own ? filter with { Area = own }
            : scope?.IsArea == true && scopes.Covers(user, filter.Area) ? filter
            : null;
    }

    private static async Task<Results<Created<TicketDetails>, ProblemHttpResult>> ReportAsync(
        TicketReportBody? body, IGrainFactory grains, ClaimsPrincipal user, UserScopes scopes, CityDirectory city, AuditLog audit, HttpContext http,
        IStringLocalizer<TicketText> text, IStringLocalizer<ApiText> apiText)
    {
        if (body is null)
        {
            return ApiProblems.Invalid([text["Report.NoBody", string.Join(", ", Enum.GetNames<TicketSource>())]]);
        }

        // Coordinates resolve to their grid (or are refused as outside the city) before anything else is checked.
        var (location, misplaced) = TicketPlaces.Resolve(new TicketLocation(body.GridId, body.Address, body.Lat, body.Long), city, text);
        if (location is null)
        {
            return ApiProblems.Invalid([misplaced!]);
        }

        // Staff report in their own area, whether they name the grid or give its coordinates; a report placed only by address is not checked.
        if (location.GridId is { } grid && city.FindGrid(grid) is not null && user.ScopeOf()?.Kind != ScopeKind.City && !scopes.Covers(user, AreaKeys.Grid(grid)))
        {
            return ApiProblems.OutOfScope(apiText, user, "Grid", grid);
        }

        try
        {
            // An unknown source becomes an undefined value, so the desk reports it with every other problem at once.
            var report = new TicketReport(
                KebabCase.TryParse<TicketSource>(body.Source, out var source) ? source : (TicketSource)(-1),
                body.Category ?? "",
                body.Description ?? "",
                location,
                string.IsNullOrWhiteSpace(body.Reporter) ? user.Identity!.Name! : body.Reporter,
                body.Contact);
            var id = await grains.GetGrain<ITicketDeskGrain>(GrainKeys.TicketDesk).ReportAsync(report);
            await audit.RecordTicketReportAsync(AuditActor.Of(http), id, report);
            var details = await grains.GetGrain<ITicketGrain>(id).GetAsync();
            return TypedResults.Created($"/api/tickets/{id}", details is null ? null : text.Localized(details));
        }
        catch (TicketException ex)
        {
            return Problem(ex, text);
        }
    }

    private static async Task<Results<Ok<TicketDetails>, ProblemHttpResult>> ActAsync(
        string id, TicketAction action, TicketStepBody? step, IGrainFactory grains, ClaimsPrincipal user, UserScopes scopes, AuditLog audit, HttpContext http,
        IStringLocalizer<TicketText> text)
    {
        var ticket = grains.GetGrain<ITicketGrain>(id);
        if (await ticket.GetAsync() is not { } current)
        {
            return Problem(new TicketNotFoundException(id), text);
        }

        if (TicketPermissions.ProblemOf(user, action, current.Ticket, scopes, text) is { } refusal)
        {
            return TypedResults.Problem(refusal, statusCode: StatusCodes.Status403Forbidden);
        }

        try
        {
            var command = new TicketCommand(user.Identity!.Name!, step?.Comment, step?.Target, step?.Assignee);
            var acted = await ticket.ActAsync(action, command);
            await audit.RecordTicketStepAsync(AuditActor.Of(http), action, command, acted);
            return TypedResults.Ok(text.Localized(acted));
        }
        catch (TicketException ex)
        {
            return Problem(ex, text);
        }
    }

    private static async Task<Results<Ok<TicketDetails>, ProblemHttpResult>> EvaluateAsync(
        string id, TicketEvaluationBody? body, TicketEvaluations evaluations, ClaimsPrincipal user, HttpContext http, IStringLocalizer<TicketText> text)
    {
        var result = await evaluations.EvaluateAsync(user, AuditActor.Of(http), id, body ?? new TicketEvaluationBody(null, null, null));
        return result.Ticket is { } evaluated ? TypedResults.Ok(text.Localized(evaluated))
            : result.Refusal is { } refusal ? Problem(refusal, text)
            : result.Status == StatusCodes.Status403Forbidden ? TypedResults.Problem(result.Problems[0], statusCode: result.Status)
            : ApiProblems.Invalid(result.Problems);
    }

    private static TicketQuery ToQuery(TicketFilter filter, List<string> errors, IStringLocalizer<TicketText> text)
    {
        if (filter.Area is not null && !TicketArea.TryParse(filter.Area, out _))
        {
            errors.Add(text["Filter.Area", filter.Area]);
        }

        var statuses = filter.Status?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
        return new TicketQuery
        {
            Area = filter.Area,
            Category = filter.Category,
            Statuses = [.. statuses.Select(status => Parse<TicketStatus>(status, "status", errors, text))],
            Source = filter.Source is null ? null : Parse<TicketSource>(filter.Source, "source", errors, text),
            Level = filter.Level is null ? null : Parse<SupervisionLevel>(filter.Level, "level", errors, text),
            Overdue = filter.Overdue,
            ReportedFrom = filter.From,
            ReportedTo = filter.To,
        };
    }

    private static TEnum Parse<TEnum>(string value, string name, List<string> errors, IStringLocalizer<TicketText> text)
        where TEnum : struct, Enum
    {
        if (!KebabCase.TryParse<TEnum>(value, out var parsed))
        {
            errors.Add(text["Filter.NotOneOf", name, value, string.Join(", ", Enum.GetNames<TEnum>())]);
        }

        return parsed;
    }

    /// <summary>The refusal as ProblemDetails, with the ticket's status and the actions allowed now.</summary>
    internal static ProblemHttpResult Problem(TicketException ex, IStringLocalizer<TicketText> text)
    {
        var (status, title) = ex switch
        {
            TicketNotFoundException => (StatusCodes.Status404NotFound, (string?)text["Title.NoSuchTicket"]),
            TicketTransitionException => (StatusCodes.Status409Conflict, text["Title.ActionNotAllowed"]),
            // A bad request keeps the title of its status, as every other 400.
            _ => (StatusCodes.Status400BadRequest, null),
        };
        var extensions = new Dictionary<string, object?>
        {
            ["ticketId"] = ex.TicketId,
            ["currentState"] = ex.Status,
            ["allowedActions"] = ex.AllowedActions,
        };
        if (ex is TicketValidationException validation)
        {
            extensions["errors"] = text.Problems(validation);
        }

        return TypedResults.Problem(text.Refusal(ex), statusCode: status, title: title, extensions: extensions);
    }
}
