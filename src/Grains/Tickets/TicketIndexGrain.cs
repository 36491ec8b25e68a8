using System.Collections.Immutable;
using CommandCenter.Grains.Abstractions;
using Microsoft.Extensions.Logging;

namespace CommandCenter.Grains.Tickets;

/// <summary>The newest summary of each ticket the shard holds, and which of the finished ones are archived.</summary>
[GenerateSerializer]
public sealed class TicketIndexState
{
    [Id(0)]
    public Dictionary<string, TicketSummary> Tickets { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Ids of finished tickets in <see cref="Tickets"/> that the archive holds.</summary>
    [Id(1)]
    public HashSet<string> Archived { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// One shard of the ticket index. It holds summaries, not audit trails, and persists each change,
/// so listing, filtering and KPIs survive a restart without waking a single ticket. It also counts
/// each ticket in its area's rollup (from the summary the ticket just stored, so counters and lists
/// agree), and on <see cref="RefreshRollupsAsync"/> counts every open ticket again, which makes an
/// area that lost its sums with a silo whole without waking the tickets. Finished tickets stay until
/// their grain has archived them and evicts them after <see cref="TicketOptions.ClosedKeptInIndex"/>.
/// </summary>
public sealed class TicketIndexGrain(
    [PersistentState("tickets", StorageNames.Grains)] IPersistentState<TicketIndexState> state,
    ILogger<TicketIndexGrain> logger) : Grain, ITicketIndexGrain
{
    /// <summary>Deadlines scheduled at once when the shard wakes up with finished tickets to archive.</summary>
    private const int ScheduleBatch = 256;

    /// <summary>
    /// Finished tickets not archived yet get a deadline that archives them: those finished before the archive
    /// existed (an upgrade) have none of their own, and their grains would otherwise never wake to do it.
    /// </summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var unarchived = state.State.Tickets.Values.Where(ticket => !ticket.IsOpen() && !state.State.Archived.Contains(ticket.Id)).ToList();
        foreach (var batch in unarchived.Chunk(ScheduleBatch))
        {
            await Task.WhenAll(batch.Select(ticket =>
                Deadlines.ScheduleAsync(GrainFactory, GrainFactory.GetGrain<ITicketGrain>(ticket.Id).GetGrainId(), ticket.FinishedAt()!.Value)));
        }
    }

    public async Task UpsertAsync(TicketSummary ticket)
    {
        state.State.Tickets.TryGetValue(ticket.Id, out var known);
        // Equal versions are repeats (activation re-publishes): stored already, but counted again in case the count was lost.
        if (known is not null && known.Version > ticket.Version)
        {
            return;
        }

        if (known is null || known.Version < ticket.Version)
        {
            state.State.Tickets[ticket.Id] = ticket;
            // Reopened (an unsatisfied evaluation): no longer the archive's, until it is finished and archived again.
            if (ticket.IsOpen())
            {
                state.State.Archived.Remove(ticket.Id);
            }

            await state.WriteStateAsync();
        }

        await CountInAreasAsync(ticket, known);
    }

    public async Task ArchivedAsync(string ticketId)
    {
        if (state.State.Tickets.ContainsKey(ticketId) && state.State.Archived.Add(ticketId))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task EvictAsync(string ticketId)
    {
        state.State.Archived.Remove(ticketId);
        if (state.State.Tickets.Remove(ticketId))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task RefreshRollupsAsync()
    {
        var byArea = state.State.Tickets.Values
            .Where(ticket => ticket.IsOpen())
            .GroupBy(RollupArea)
            .Select(area => (Area: area.Key, Tickets: area.ToDictionary(t => t.Id, Contribution, StringComparer.Ordinal)));
        await Task.WhenAll(byArea.Select(area => GrainFactory.GetGrain<IAreaGrain>(area.Area).ReportManyAsync(area.Tickets)));
    }

    public Task<TicketShardPage> QueryAsync(TicketQuery query, DateTimeOffset now, DateTimeOffset archivedUpTo)
    {
        var matches = Matches(query, now, archivedUpTo);
        var page = new TicketPage(matches.Count, [.. matches.Order(TicketPage.Order).Take(query.Skip + query.Take)]);
        return Task.FromResult(new TicketShardPage(page, NotYetArchived(matches, archivedUpTo)));
    }

    public Task<TicketShardKpis> KpisAsync(TicketQuery query, DateTimeOffset now, DateTimeOffset archivedUpTo)
    {
        var matches = Matches(query, now, archivedUpTo);
        var kpis = matches.Aggregate(new TicketKpis(), (sum, ticket) => sum.Plus(TicketKpis.Of(ticket, now)));
        return Task.FromResult(new TicketShardKpis(kpis, NotYetArchived(matches, archivedUpTo)));
    }

    public Task<TicketShardAreaKpis> KpisByAreaAsync(TicketQuery query, ImmutableArray<string> areaKeys, DateTimeOffset now, DateTimeOffset archivedUpTo)
    {
        var wanted = areaKeys.ToHashSet(StringComparer.Ordinal);
        var counted = Matches(query with { Area = null }, now, archivedUpTo)
            .Where(ticket => wanted.Contains(AreaKeys.City) || ticket.ListedUnder().Any(wanted.Contains))
            .ToList();
        return Task.FromResult(new TicketShardAreaKpis(TicketIndex.SumByArea(counted, areaKeys, now), NotYetArchived(counted, archivedUpTo)));
    }

    /// <summary>Matching tickets the shard answers for: all it holds but the archived ones finished at or before the cutoff.</summary>
    private List<TicketSummary> Matches(TicketQuery query, DateTimeOffset now, DateTimeOffset archivedUpTo) =>
        [.. state.State.Tickets.Values.Where(ticket =>
            !(ticket.FinishedAt() <= archivedUpTo && state.State.Archived.Contains(ticket.Id)) && query.Matches(ticket, now))];

    /// <summary>Of the tickets answered, those finished at or before the cutoff: the archive may have stored them without the shard knowing yet.</summary>
    private static ImmutableArray<string> NotYetArchived(List<TicketSummary> answered, DateTimeOffset archivedUpTo) =>
        [.. answered.Where(ticket => ticket.FinishedAt() <= archivedUpTo).Select(ticket => ticket.Id)];

    /// <summary>
    /// The ticket counts in the area it belongs to (never a department: those count in the city);
    /// the rollup carries it up the tree, so escalation needs no second report. Counters are a view,
    /// so a failure is logged and repaired by the next change or refresh rather than failing the step.
    /// </summary>
    private async Task CountInAreasAsync(TicketSummary ticket, TicketSummary? previous)
    {
        var area = RollupArea(ticket);
        try
        {
            if (previous is not null && RollupArea(previous) is var before && before != area)
            {
                await GrainFactory.GetGrain<IAreaGrain>(before).ReportAsync(ticket.Id, AreaStats.Empty);
            }

            await GrainFactory.GetGrain<IAreaGrain>(area).ReportAsync(ticket.Id, Contribution(ticket));
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Ticket {TicketId} could not update the counters of {Area}", ticket.Id, area);
        }
    }

    private static string RollupArea(TicketSummary ticket) =>
        ticket.AreaPath.First(area => area.Level != TicketAreaLevel.Department).Key;

    private static AreaStats Contribution(TicketSummary ticket) => !ticket.IsOpen() ? AreaStats.Empty : AreaStats.Of(
        (AreaMetrics.TicketsOpen, 1),
        (AreaMetrics.TicketsOverdueYellow, ticket.IsPendingDisposal() && ticket.Level == SupervisionLevel.Yellow ? 1 : 0),
        (AreaMetrics.TicketsOverdueRed, ticket.IsPendingDisposal() && ticket.Level == SupervisionLevel.Red ? 1 : 0),
        (AreaMetrics.TicketsOverdueUrgent, ticket.IsPendingDisposal() && ticket.Level == SupervisionLevel.Urgent ? 1 : 0));
}
