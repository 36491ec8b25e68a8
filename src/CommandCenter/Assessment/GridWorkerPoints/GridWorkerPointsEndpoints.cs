using System.Security.Claims;
using CommandCenter.Assessment.Months;
using CommandCenter.Api;
using CommandCenter.Auth;
using CommandCenter.Grains.City;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Assessment.GridWorkerPoints;

/// <summary>
/// <c>GET /api/scores/grid-workers?month=YYYY-MM&amp;area=…</c>: the grid workers' points and ranks in a month, for the
/// caller's area (a city user names any area, everyone else their own or one under it; without <c>area</c>, their own).
/// </summary>
public static class GridWorkerPointsEndpoints
{
    public const string Route = "/api/scores/grid-workers";

    public static WebApplication MapGridWorkerPointsEndpoints(this WebApplication app)
    {
        app.MapGet(Route, ListAsync)
            .RequireAuthorization(GridWorkerPointsExtensions.ScoreReaders)
            .WithTags("Assessment")
            .WithSummary("Grid workers' points and ranks (community, street, district) in a calendar month of the city, in the caller's area.");
        return app;
    }

    private static async Task<Results<Ok<GridWorkerMonth>, ProblemHttpResult>> ListAsync(
        string? month, string? area, ClaimsPrincipal user, GridWorkerScores scores, CityDirectory city, UserScopes scopes,
        TimeProvider time, IStringLocalizer<AssessmentText> text, IStringLocalizer<ApiText> apiText, CancellationToken cancellationToken)
    {
        var (areaKey, refusal) = AssessmentQuery.AreaOf(user, area, city, scopes, text, apiText);
        if (refusal is not null)
        {
            return refusal;
        }

        return AssessmentQuery.MonthOf(month, time, scores.Zone) is { } chosen
            ? TypedResults.Ok(await scores.ForMonthAsync(chosen, areaKey!, cancellationToken))
            : AssessmentQuery.BadMonth(month, text);
    }
}
