using CommandCenter.Grains.Abstractions;

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
/// so listing, filtering and KPIs survive a restart without waking a single ticket.
/// </summary>
public sealed class TicketIndexGrain(
    [PersistentState("tickets", StorageNames.Grains)] IPersistentState<TicketIndexState> state) : Grain, ITicketIndexGrain
{
    public async Task UpsertAsync(TicketSummary ticket)
    {
        // Equal versions are repeats (activation re-publishes); older ones arrive late.
        if (state.State.Tickets.TryGetValue(ticket.Id, out var known) && known.Version >= ticket.Version)
        {
            return;
        }

        state.State.Tickets[ticket.Id] = ticket;
        await state.WriteStateAsync();
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
}
