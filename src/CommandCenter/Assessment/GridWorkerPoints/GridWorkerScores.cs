using CommandCenter.Assessment.GridWorkerPoints.Store;
using CommandCenter.Assessment.Months;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Grains.Duties;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommandCenter.Assessment.GridWorkerPoints;

/// <summary>
/// A grid worker's month: their points and awards, and their rank among the grid workers of their community, street and
/// district (1 is the most points; equal points share a rank, the next rank skips as in sports: 1, 1, 3).
/// </summary>
public sealed record GridWorkerScore(
    string Worker, string GridId, string CommunityId, string StreetId, string DistrictId,
    int Points, int Awards, int RankInCommunity, int RankInStreet, int RankInDistrict);

/// <summary>The grid workers of an area (<c>city</c>, <c>district/…</c>, …) who earned points in a month, most points first.</summary>
public sealed record GridWorkerMonth(string Month, string Area, IReadOnlyList<GridWorkerScore> Workers);

/// <summary>
/// The grid workers' monthly totals and rankings from the stored awards: the service the API, the phone page and the
/// monthly report read. A worker is placed by the grid of their latest award of the month.
/// </summary>
public sealed class GridWorkerScores(IServiceScopeFactory scopes, CityDirectory city, IOptions<DutyOptions> duties)
{
    public TimeZoneInfo Zone => duties.Value.Zone;

    /// <summary>Every grid worker with an award in the month whose grid lies in <paramref name="areaKey"/>; ranks count the whole community, street and district.</summary>
    public async Task<GridWorkerMonth> ForMonthAsync(AssessmentWindow month, string areaKey, CancellationToken cancellationToken)
    {
        var (start, end) = (month.From, month.To);
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<PointsStore>();
        var awards = await store.Awards.AsNoTracking()
            .Where(a => a.AwardedAt >= start.UtcDateTime && a.AwardedAt < end.UtcDateTime)
            .ToListAsync(cancellationToken);
        var totals = awards
            .GroupBy(a => a.Worker, StringComparer.Ordinal)
            .Select(g => (Latest: g.MaxBy(a => (a.AwardedAt, a.Id))!, Points: g.Sum(a => a.Points), Count: g.Count()))
            .ToList();
        var inCommunity = RanksBy(totals, t => t.Latest.CommunityId);
        var inStreet = RanksBy(totals, t => t.Latest.StreetId);
        var inDistrict = RanksBy(totals, t => t.Latest.DistrictId);
        var workers = totals
            .Where(t => city.Covers(areaKey, t.Latest.GridId))
            .Select(t => new GridWorkerScore(
                t.Latest.Worker, t.Latest.GridId, t.Latest.CommunityId, t.Latest.StreetId, t.Latest.DistrictId, t.Points, t.Count,
                inCommunity[t.Latest.Worker], inStreet[t.Latest.Worker], inDistrict[t.Latest.Worker]))
            .OrderByDescending(s => s.Points).ThenBy(s => s.Worker, StringComparer.Ordinal)
            .ToList();
        return new GridWorkerMonth(month.Label, areaKey, workers);
    }

    /// <summary>One grid worker's awards in the month, newest first: each names its rule, case, step and reason.</summary>
    public async Task<IReadOnlyList<PointAward>> AwardsOfAsync(string worker, AssessmentWindow month, CancellationToken cancellationToken)
    {
        var (start, end) = (month.From, month.To);
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<PointsStore>();
        var awards = await store.Awards.AsNoTracking()
            .Where(a => a.Worker == worker && a.AwardedAt >= start.UtcDateTime && a.AwardedAt < end.UtcDateTime)
            .ToListAsync(cancellationToken);
        return [.. awards.OrderByDescending(a => a.AwardedAt).ThenByDescending(a => a.Id)];
    }

    private static Dictionary<string, int> RanksBy(
        IEnumerable<(PointAward Latest, int Points, int Count)> totals, Func<(PointAward Latest, int Points, int Count), string> group)
    {
        var ranks = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var members in totals.GroupBy(group))
        {
            foreach (var member in members)
            {
                ranks[member.Latest.Worker] = 1 + members.Count(other => other.Points > member.Points);
            }
        }

        return ranks;
    }
}
