using System.Collections.Immutable;
using CommandCenter.Grains.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace CommandCenter.Grains.Tickets;

/// <summary>
/// Answers a list or KPI query from the index shards and the archive together. One cutoff per query, the city
/// clock less <see cref="TicketOptions.ClosedKeptInIndex"/>, goes to both sides: the archive answers for tickets
/// finished at or before it, the shards for the rest, and for any such ticket they hold that is not archived yet
/// (its id is then kept out of the archive's answer, which may already have it). Tickets leave the index only
/// later than that (<see cref="TicketGrain.ClockAllowance"/>), so none is missed and none counted twice.
/// </summary>
[StatelessWorker]
public sealed class TicketSearchGrain(ITicketArchive archive, IOptions<TicketOptions> options, CityClock time) : Grain, ITicketSearchGrain
{
    public async Task<TicketPage> QueryAsync(TicketQuery query, DateTimeOffset now)
    {
        var cutoff = Cutoff();
        var shards = await Task.WhenAll(TicketIndex.AllShards(GrainFactory).Select(shard => shard.QueryAsync(query, now, cutoff)));
        var archived = await archive.QueryAsync(query, cutoff, [.. shards.SelectMany(part => part.NotYetArchived)]);
        var pages = shards.Select(part => part.Page).Append(archived).ToList();
        var items = pages.SelectMany(page => page.Items).Order(TicketPage.Order).Skip(query.Skip).Take(query.Take);
        return new TicketPage(pages.Sum(page => page.Total), [.. items]);
    }

    public async Task<TicketKpis> KpisAsync(TicketQuery query, DateTimeOffset now)
    {
        var cutoff = Cutoff();
        var shards = await Task.WhenAll(TicketIndex.AllShards(GrainFactory).Select(shard => shard.KpisAsync(query, now, cutoff)));
        var archived = await archive.KpisAsync(query, cutoff, [.. shards.SelectMany(part => part.NotYetArchived)]);
        return shards.Select(part => part.Kpis).Aggregate(archived, (sum, part) => sum.Plus(part));
    }

    public async Task<ImmutableDictionary<string, TicketKpis>> KpisByAreaAsync(TicketQuery query, ImmutableArray<string> areaKeys, DateTimeOffset now)
    {
        var cutoff = Cutoff();
        var shards = await Task.WhenAll(TicketIndex.AllShards(GrainFactory).Select(shard => shard.KpisByAreaAsync(query, areaKeys, now, cutoff)));
        var archived = await archive.KpisByAreaAsync(query, areaKeys, cutoff, [.. shards.SelectMany(part => part.NotYetArchived)]);
        return archived.ToImmutableDictionary(
            area => area.Key, area => shards.Aggregate(area.Value, (sum, part) => sum.Plus(part.ByArea[area.Key])), StringComparer.Ordinal);
    }

    private DateTimeOffset Cutoff() => time.GetUtcNow() - options.Value.ClosedKeptInIndex;
}
