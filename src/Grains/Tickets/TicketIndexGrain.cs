using CommandCenter.Grains.Abstractions;
using Microsoft.Extensions.Logging;

namespace CommandCenter.Grains.Tickets;

/// <summary>The newest summary of each ticket of one shard.</summary>
[GenerateSerializer]
public sealed class TicketIndexState
{
    [Id(0)]
    public Dictionary<string, TicketSummary> Tickets { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// One shard of the ticket index. It holds summaries, not audit trails, and persists each change,
/// so listing, filtering and KPIs survive a restart without waking a single ticket. It also counts
/// each ticket in its area's rollup (from the summary the ticket just stored, so counters and lists
/// agree), and on <see cref="RefreshRollupsAsync"/> counts every open ticket again, which makes an
/// area that lost its sums with a silo whole without waking the tickets.
/// </summary>
public sealed class TicketIndexGrain(
    [PersistentState("tickets", StorageNames.Grains)] IPersistentState<TicketIndexState> state,
    ILogger<TicketIndexGrain> logger) : Grain, ITicketIndexGrain
{
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
            await state.WriteStateAsync();
        }

        await CountInAreasAsync(ticket, known);
    }

    public async Task RefreshRollupsAsync()
    {
        var byArea = state.State.Tickets.Values
            .Where(ticket => ticket.IsOpen())
            .GroupBy(RollupArea)
            .Select(area => (Area: area.Key, Tickets: area.ToDictionary(t => t.Id, Contribution, StringComparer.Ordinal)));
        await Task.WhenAll(byArea.Select(area => GrainFactory.GetGrain<IAreaGrain>(area.Area).ReportManyAsync(area.Tickets)));
    }

    public Task<TicketPage> QueryAsync(TicketQuery query, DateTimeOffset now)
    {
        var matches = state.State.Tickets.Values.Where(ticket => query.Matches(ticket, now)).ToList();
        return Task.FromResult(new TicketPage(matches.Count, [.. matches.Order(TicketPage.Order).Take(query.Skip + query.Take)]));
    }

    public Task<TicketKpis> KpisAsync(TicketQuery query, DateTimeOffset now) =>
        Task.FromResult(state.State.Tickets.Values
            .Where(ticket => query.Matches(ticket, now))
            .Aggregate(new TicketKpis(), (sum, ticket) => sum.Plus(TicketKpis.Of(ticket, now))));

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
