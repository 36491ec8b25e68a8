using CommandCenter.Assessment.GridWorkerPoints.Store;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommandCenter.Assessment.GridWorkerPoints;

/// <summary>
/// Awards points when a case finishes (closed or cancelled), every rule looking at the whole case, its audit trail
/// included, and when a closed case is evaluated, then only the rules an evaluation settles. Each grid worker a rule names
/// gets one award row per rule, dated when the case finished (or, for an evaluation's rule, when it was evaluated), so a
/// month's points are settled by what happened in it.
/// A person who is not a grid worker, or whose grid the city does not know, earns nothing. Told twice (the archiving's retry,
/// an evaluation after the closure's awards), it adds nothing: the rows are unique per case, rule and worker.
/// </summary>
public sealed class PointAwarder(
    IEnumerable<IPointRule> rules,
    IOptionsMonitor<GridWorkerPointsOptions> options,
    IGridWorkerRoster roster,
    CityDirectory city,
    IServiceScopeFactory scopes,
    ILogger<PointAwarder> logger) : ITicketOutcomeListener
{
    /// <summary>
    /// Only the rules an evaluation settles (their evidence counts at its own time): the closure's rules were decided when
    /// the case finished, and running them again now would date a new award (a rule switched on since, a worker added to
    /// the roster) back into a month already settled.
    /// </summary>
    public Task EvaluatedAsync(TicketDetails details) => AwardAsync(details, evaluationOnly: true);

    public Task FinishedAsync(TicketDetails details) => AwardAsync(details, evaluationOnly: false);

    private async Task AwardAsync(TicketDetails details, bool evaluationOnly)
    {
        if (details.Ticket.FinishedAt() is not { } finishedAt)
        {
            return;
        }

        var configured = options.CurrentValue;
        var earned = rules
            .Select(rule => (Rule: rule, Points: configured.PointsOf(rule)))
            .Where(r => r.Points != 0)
            .SelectMany(r => r.Rule.Find(details).Select(evidence => (r.Rule, r.Points, Evidence: evidence)))
            .Where(e => !evaluationOnly || e.Evidence.CountsAt is not null)
            .ToList();
        if (earned.Count == 0)
        {
            return;
        }

        var homes = await roster.HomeGridsAsync([.. earned.Select(e => e.Evidence.Worker).Distinct(StringComparer.Ordinal)], CancellationToken.None);
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<PointsStore>();
        var ticketId = details.Ticket.Id;
        var existing = (await store.Awards.Where(a => a.TicketId == ticketId).Select(a => new { a.Rule, a.Worker }).ToListAsync())
            .Select(a => (a.Rule, a.Worker)).ToHashSet();
        foreach (var (rule, points, evidence) in earned)
        {
            if (!homes.TryGetValue(evidence.Worker, out var gridId) || city.FindGrid(gridId) is not { } place
                || !existing.Add((rule.Id, evidence.Worker)))
            {
                continue;
            }

            store.Awards.Add(new PointAward
            {
                Worker = evidence.Worker,
                GridId = place.Grid.Id,
                CommunityId = place.Community.Id,
                StreetId = place.Street.Id,
                DistrictId = place.District.Id,
                Rule = rule.Id,
                Points = points,
                TicketId = ticketId,
                AwardedAt = (evidence.CountsAt ?? finishedAt).UtcDateTime,
                StepAt = evidence.StepAt.UtcDateTime,
                Reason = evidence.Reason.Length > PointAward.MaxReasonLength ? evidence.Reason[..PointAward.MaxReasonLength] : evidence.Reason,
            });
            logger.LogInformation("Points: {Worker} {Points:+#;-#} for {Rule} on case {Ticket}", evidence.Worker, points, rule.Id, ticketId);
        }

        await store.SaveChangesAsync();
    }
}
