using CommandCenter.Assessment.Months;
using Microsoft.AspNetCore.Http.HttpResults;

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

    private static Task<Results<Ok<GridWorkerMonth>, ProblemHttpResult>> ListAsync(
        string? month, string? area, HttpContext http, GridWorkerScores scores, CancellationToken cancellationToken) =>
        AssessmentQuery.ReadAsync(http, month, area, scores.Zone, (chosen, areaKey) => scores.ForMonthAsync(chosen, areaKey, cancellationToken));
}
