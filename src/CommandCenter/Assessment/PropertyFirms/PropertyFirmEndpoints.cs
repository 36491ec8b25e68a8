using System.Security.Claims;
using CommandCenter.Api;
using CommandCenter.Assessment.Months;
using CommandCenter.Assessment.PropertyFirms.Store;
using CommandCenter.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CommandCenter.Assessment.PropertyFirms;

/// <summary>What a street's staff send to add an assessment item: the month (<c>YYYY-MM</c>, by default the current one), the points and why.</summary>
public sealed record StreetItemBody(string? Month, int? Points, string? Note);

/// <summary>
/// <c>GET /api/property-firms?month=YYYY-MM&amp;area=…</c>: the property firms with a compound in the caller's area, rated for
/// the month with their history; <c>POST /api/property-firms/{id}/items</c>: a street's staff add an item for a firm of their street.
/// </summary>
public static class PropertyFirmEndpoints
{
    public const string Route = "/api/property-firms";

    public static WebApplication MapPropertyFirmEndpoints(this WebApplication app)
    {
        var api = app.MapGroup(Route).WithTags("Assessment");
        api.MapGet("/", ListAsync)
            .RequireAuthorization(PropertyFirmExtensions.Readers)
            .WithSummary("Property firms with a compound in the caller's area: stars, credit level, the lines of the month's score, history and the reason for each change.");
        api.MapPost("/{id}/items", AddItemAsync)
            .RequireAuthorization(PropertyFirmExtensions.StreetAssessors)
            .WithSummary("A street's staff add an assessment item (month, points, note) for a property firm of their street.");
        return app;
    }

    private static Task<Results<Ok<PropertyFirmMonth>, ProblemHttpResult>> ListAsync(
        string? month, string? area, HttpContext http, PropertyFirmRatings ratings, CancellationToken cancellationToken) =>
        AssessmentQuery.ReadAsync(http, month, area, ratings.Zone, (chosen, areaKey) => ratings.ForMonthAsync(chosen, areaKey, cancellationToken));

    private static async Task<Results<Created<StreetAssessmentItem>, ProblemHttpResult>> AddItemAsync(
        string id, StreetItemBody? body, ClaimsPrincipal user, PropertyFirmRatings ratings, IOptionsMonitor<PropertyFirmOptions> options,
        TimeProvider time, IStringLocalizer<PropertyFirmText> text, IStringLocalizer<MonthQueryText> assessmentText, IStringLocalizer<ApiText> apiText,
        CancellationToken cancellationToken)
    {
        if (ratings.Find(id) is not { } firm)
        {
            return TypedResults.Problem(text["Api.UnknownFirm", id], statusCode: StatusCodes.Status404NotFound);
        }

        if (user.ScopeOf() is not { Kind: ScopeKind.Street } scope || scope.Id != firm.StreetId)
        {
            return ApiProblems.OutOfScope(apiText, user, "PropertyFirm", id);
        }

        var problems = new List<string>();
        var current = AssessmentWindow.MonthOf(time.GetUtcNow(), ratings.Zone);
        var month = AssessmentQuery.MonthOf(body?.Month, time, ratings.Zone);
        if (month is null)
        {
            problems.Add(assessmentText["BadMonth", body?.Month ?? ""]);
        }
        else if (month.From > current.From)
        {
            problems.Add(text["Api.FutureMonth", month.Label, current.Label]);
        }

        var max = options.CurrentValue.MaxItemPoints;
        if (body?.Points is not { } points || points == 0 || Math.Abs(points) > max)
        {
            problems.Add(text["Api.BadPoints", max]);
        }

        var note = body?.Note?.Trim();
        if (string.IsNullOrEmpty(note) || note.Length > StreetAssessmentItem.MaxNoteLength)
        {
            problems.Add(text["Api.BadNote", StreetAssessmentItem.MaxNoteLength]);
        }

        if (problems.Count > 0)
        {
            return ApiProblems.Invalid(problems);
        }

        var item = await ratings.AddItemAsync(firm, month!, body!.Points!.Value, note!, user.Identity!.Name!, cancellationToken);
        return TypedResults.Created($"{Route}?month={item.Month}", item);
    }
}
