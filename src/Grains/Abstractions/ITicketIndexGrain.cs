using System.Collections.Immutable;
using Orleans.Concurrency;

namespace CommandCenter.Grains.Abstractions;

/// <summary>
/// One shard of the durable ticket index that lists, filters and counts tickets without waking
/// them. Tickets upsert their summary on every change; the newest version wins, and is counted in
/// its area's rollup. It holds open tickets and a bounded window of finished ones: a finished ticket
/// says when it is archived (<see cref="ArchivedAsync"/>) and, once it has been finished longer than
/// the window, leaves (<see cref="EvictAsync"/>); from then on <see cref="ITicketArchive"/> answers for it.
/// </summary>
public interface ITicketIndexGrain : IGrainWithIntegerKey
{
    Task UpsertAsync(TicketSummary ticket);

    /// <summary>The ticket is in the archive: queries leave it to the archive once it finished at or before their cutoff.</summary>
    Task ArchivedAsync(string ticketId);

    /// <summary>The ticket is archived and past the window: the shard forgets it (repeating it changes nothing).</summary>
    Task EvictAsync(string ticketId);

    /// <summary>Counts every open ticket of the shard in its area's rollup again (after a restart or a lost silo).</summary>
    Task RefreshRollupsAsync();

    /// <summary>
    /// How many tickets of this shard match, and the first <c>Skip + Take</c> of them, newest first; archived tickets
    /// finished at or before <paramref name="archivedUpTo"/> are left out (the archive answers for them).
    /// </summary>
    [ReadOnly]
    Task<TicketShardPage> QueryAsync(TicketQuery query, DateTimeOffset now, DateTimeOffset archivedUpTo);

    /// <summary>KPIs over this shard's matching tickets (paging ignored), leaving out the same tickets as <see cref="QueryAsync"/>.</summary>
    [ReadOnly]
    Task<TicketShardKpis> KpisAsync(TicketQuery query, DateTimeOffset now, DateTimeOffset archivedUpTo);

    /// <summary>
    /// For each of <paramref name="areaKeys"/>, the KPIs <see cref="KpisAsync"/> gives with <see cref="TicketQuery.Area"/> set to
    /// it (the query's own area is ignored; <see cref="AreaKeys.City"/> takes every ticket): every area in one pass.
    /// </summary>
    [ReadOnly]
    Task<TicketShardAreaKpis> KpisByAreaAsync(TicketQuery query, ImmutableArray<string> areaKeys, DateTimeOffset now, DateTimeOffset archivedUpTo);
}

/// <summary>Filters of the ticket list; null or empty means any. <see cref="Area"/> is an <see cref="TicketArea.Key"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record TicketQuery
{
    /// <summary>
    /// Matches the ticket's area or any area above it (so a district sees its grids' tickets), where it
    /// is handled now or where it happened (<see cref="TicketSummary.PlacePath"/>: a grid keeps its case once dispatched to a department),
    /// and the units that assist or were summoned (<see cref="TicketSummary.Involves"/>).
    /// </summary>
    [Id(0)] public string? Area { get; init; }

    [Id(1)] public string? Category { get; init; }

    [Id(2)] public ImmutableArray<TicketStatus> Statuses { get; init; } = [];

    [Id(3)] public TicketSource? Source { get; init; }

    [Id(4)] public SupervisionLevel? Level { get; init; }

    /// <summary>True: disposal pending and past its deadline; false: anything else.</summary>
    [Id(5)] public bool? Overdue { get; init; }

    [Id(6)] public ImmutableArray<string> Ids { get; init; } = [];

    [Id(7)] public DateTimeOffset? ReportedFrom { get; init; }

    /// <summary>Exclusive.</summary>
    [Id(8)] public DateTimeOffset? ReportedTo { get; init; }

    [Id(9)] public int Skip { get; init; }

    [Id(10)] public int Take { get; init; } = 50;

    /// <summary>Who reported it (a grid worker's own cases on their phone); the archive keeps no reporter, so archived tickets never match.</summary>
    [Id(11)] public string? Reporter { get; init; }

    public bool Matches(TicketSummary ticket, DateTimeOffset now) =>
        (Area is null || ticket.AreaPath.Any(area => area.Key == Area) || ticket.PlacePath.Any(area => area.Key == Area) || ticket.Involves(Area)) &&
        (Category is null || string.Equals(ticket.Category, Category, StringComparison.OrdinalIgnoreCase)) &&
        (Statuses.IsDefaultOrEmpty || Statuses.Contains(ticket.Status)) &&
        (Source is null || ticket.Source == Source) &&
        (Level is null || ticket.Level == Level) &&
        (Overdue is null || ticket.IsOverdue(now) == Overdue) &&
        (Ids.IsDefaultOrEmpty || Ids.Contains(ticket.Id, StringComparer.OrdinalIgnoreCase)) &&
        (ReportedFrom is null || ticket.ReportedAt >= ReportedFrom) &&
        (ReportedTo is null || ticket.ReportedAt < ReportedTo) &&
        (Reporter is null || ticket.Reporter == Reporter);
}

/// <summary>A page of tickets, newest first, and how many matched in all.</summary>
[GenerateSerializer, Immutable]
public sealed record TicketPage([property: Id(0)] int Total, [property: Id(1)] ImmutableArray<TicketSummary> Items)
{
    /// <summary>Newest report first; the id breaks ties so pages are stable.</summary>
    public static readonly IComparer<TicketSummary> Order = Comparer<TicketSummary>.Create((a, b) =>
        b.ReportedAt.CompareTo(a.ReportedAt) is var byTime and not 0 ? byTime : string.CompareOrdinal(b.Id, a.Id));
}

/// <summary>
/// Case-handling KPIs. A step counts as on time or late once its outcome is known: done by its
/// due time, done after it, or still not done when it has passed. Rates are null when nothing counts yet.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TicketKpis
{
    [Id(0)] public int Total { get; init; }

    [Id(1)] public int Open { get; init; }

    [Id(2)] public int Closed { get; init; }

    [Id(3)] public int Cancelled { get; init; }

    /// <summary>Filed or cancelled within the category's filing limit.</summary>
    [Id(4)] public int FiledOnTime { get; init; }

    [Id(5)] public int FiledLate { get; init; }

    /// <summary>Dispatched within the dispatch limit after filing.</summary>
    [Id(6)] public int DispatchedOnTime { get; init; }

    [Id(7)] public int DispatchedLate { get; init; }

    /// <summary>Fed back by the deadline and never overdue, rework included.</summary>
    [Id(8)] public int DisposedOnTime { get; init; }

    /// <summary>Went past the disposal deadline (a yellow card or worse): the overdue count.</summary>
    [Id(9)] public int Overdue { get; init; }

    /// <summary>Closed by the deadline plus the closure limit.</summary>
    [Id(10)] public int ClosedOnTime { get; init; }

    [Id(11)] public int ClosedLate { get; init; }

    /// <summary>Overdue right now: disposal pending past the deadline.</summary>
    [Id(12)] public int OverdueOpen { get; init; }

    /// <summary>Times tickets were sent back for rework.</summary>
    [Id(13)] public int Reworks { get; init; }

    /// <summary>Times tickets were dispatched: the current dispatch, if any, and every one returned before it.</summary>
    [Id(14)] public int Dispatches { get; init; }

    /// <summary>Dispatches the receiving unit returned as not theirs (退回): the wrong dispatches.</summary>
    [Id(15)] public int Returns { get; init; }

    /// <summary>Tickets with at least one evaluation (回访); each counts once, by its latest evaluation.</summary>
    [Id(16)] public int Evaluated { get; init; }

    /// <summary>Evaluated tickets whose latest evaluation is satisfied (满意).</summary>
    [Id(17)] public int Satisfied { get; init; }

    /// <summary>Evaluated tickets whose latest evaluation is basically satisfied (基本满意).</summary>
    [Id(18)] public int BasicallySatisfied { get; init; }

    public double? OnTimeFilingRate => Rate(FiledOnTime, FiledLate);

    public double? OnTimeDispatchRate => Rate(DispatchedOnTime, DispatchedLate);

    public double? OnTimeDisposalRate => Rate(DisposedOnTime, Overdue);

    public double? OnTimeClosureRate => Rate(ClosedOnTime, ClosedLate);

    /// <summary>Dispatches not returned as wrong ÷ dispatches (准确派遣率), counted per dispatch.</summary>
    public double? AccurateDispatchRate => Rate(Dispatches - Returns, Returns);

    /// <summary>Satisfied and basically satisfied ÷ evaluated tickets (满意率), by each ticket's latest evaluation.</summary>
    public double? SatisfactionRate => Rate(Satisfied + BasicallySatisfied, Evaluated - Satisfied - BasicallySatisfied);

    /// <summary>One ticket's contribution as of <paramref name="now"/>.</summary>
    public static TicketKpis Of(TicketSummary ticket, DateTimeOffset now)
    {
        var overdue = ticket.Level > SupervisionLevel.Normal || ticket.IsOverdue(now);
        // Summaries stored before returns and evaluations existed may hold default arrays.
        var returns = ticket.Returns.IsDefault ? 0 : ticket.Returns.Length;
        var latest = ticket.Evaluations.IsDefaultOrEmpty ? null : ticket.Evaluations[^1];
        return new TicketKpis
        {
            Total = 1,
            Open = ticket.IsOpen() ? 1 : 0,
            Closed = ticket.Status == TicketStatus.Closed ? 1 : 0,
            Cancelled = ticket.Status == TicketStatus.Cancelled ? 1 : 0,
            FiledOnTime = ticket.DecidedAt <= ticket.FilingDueAt ? 1 : 0,
            FiledLate = IsLate(ticket.DecidedAt, ticket.FilingDueAt, now),
            DispatchedOnTime = ticket.DispatchedAt <= ticket.DispatchDueAt ? 1 : 0,
            DispatchedLate = IsLate(ticket.DispatchedAt, ticket.DispatchDueAt, now),
            DisposedOnTime = ticket.FeedbackAt is not null && !overdue ? 1 : 0,
            Overdue = overdue ? 1 : 0,
            ClosedOnTime = ticket.ClosedAt <= ticket.ClosureDueAt ? 1 : 0,
            ClosedLate = IsLate(ticket.ClosedAt, ticket.ClosureDueAt, now),
            OverdueOpen = ticket.IsOverdue(now) ? 1 : 0,
            Reworks = ticket.ReworkCount,
            Dispatches = returns + (ticket.DispatchedAt is null ? 0 : 1),
            Returns = returns,
            Evaluated = latest is null ? 0 : 1,
            Satisfied = latest?.Satisfaction == TicketSatisfaction.Satisfied ? 1 : 0,
            BasicallySatisfied = latest?.Satisfaction == TicketSatisfaction.BasicallySatisfied ? 1 : 0,
        };
    }

    public TicketKpis Plus(TicketKpis other) => new()
    {
        Total = Total + other.Total,
        Open = Open + other.Open,
        Closed = Closed + other.Closed,
        Cancelled = Cancelled + other.Cancelled,
        FiledOnTime = FiledOnTime + other.FiledOnTime,
        FiledLate = FiledLate + other.FiledLate,
        DispatchedOnTime = DispatchedOnTime + other.DispatchedOnTime,
        DispatchedLate = DispatchedLate + other.DispatchedLate,
        DisposedOnTime = DisposedOnTime + other.DisposedOnTime,
        Overdue = Overdue + other.Overdue,
        ClosedOnTime = ClosedOnTime + other.ClosedOnTime,
        ClosedLate = ClosedLate + other.ClosedLate,
        OverdueOpen = OverdueOpen + other.OverdueOpen,
        Reworks = Reworks + other.Reworks,
        Dispatches = Dispatches + other.Dispatches,
        Returns = Returns + other.Returns,
        Evaluated = Evaluated + other.Evaluated,
        Satisfied = Satisfied + other.Satisfied,
        BasicallySatisfied = BasicallySatisfied + other.BasicallySatisfied,
    };

    /// <summary>Done after the due time, or not done and the due time has passed; a step without a due time is not counted.</summary>
    private static int IsLate(DateTimeOffset? doneAt, DateTimeOffset? dueAt, DateTimeOffset now) =>
        dueAt is { } due && (doneAt > due || (doneAt is null && now > due)) ? 1 : 0;

    private static double? Rate(int onTime, int late) => onTime + late == 0 ? null : (double)onTime / (onTime + late);
}

/// <summary>Reads the sharded ticket index and the archive as one.</summary>
public static class TicketIndex
{
    public const int Shards = 16;

    public static ITicketIndexGrain ShardOf(IGrainFactory grains, GrainId ticket) =>
        grains.GetGrain<ITicketIndexGrain>(ticket.GetUniformHashCode() % Shards);

    /// <summary>How many tickets match, and the page <c>Skip</c>/<c>Take</c> asks for, newest first; open, recent and archived alike.</summary>
    public static Task<TicketPage> QueryAsync(IGrainFactory grains, TicketQuery query, DateTimeOffset now) =>
        grains.GetGrain<ITicketSearchGrain>(0).QueryAsync(query, now);

    /// <summary>KPIs over every matching ticket (paging ignored); open, recent and archived alike.</summary>
    public static Task<TicketKpis> KpisAsync(IGrainFactory grains, TicketQuery query, DateTimeOffset now) =>
        grains.GetGrain<ITicketSearchGrain>(0).KpisAsync(query, now);

    /// <summary>
    /// KPIs per area key in one call (<see cref="TicketKpis.Total"/> is the count): each as <see cref="KpisAsync"/> with that area;
    /// every key is in the answer, with zeros when nothing matched.
    /// </summary>
    public static Task<ImmutableDictionary<string, TicketKpis>> KpisByAreaAsync(IGrainFactory grains, TicketQuery query, ImmutableArray<string> areaKeys, DateTimeOffset now) =>
        grains.GetGrain<ITicketSearchGrain>(0).KpisByAreaAsync(query, areaKeys, now);

    /// <summary>The sums of <paramref name="tickets"/> under each of <paramref name="areaKeys"/> (the city takes every ticket), zeros included.</summary>
    public static ImmutableDictionary<string, TicketKpis> SumByArea(IEnumerable<TicketSummary> tickets, ImmutableArray<string> areaKeys, DateTimeOffset now)
    {
        var sums = areaKeys.Distinct(StringComparer.Ordinal).ToDictionary(key => key, _ => new TicketKpis(), StringComparer.Ordinal);
        foreach (var ticket in tickets)
        {
            var keys = ticket.ListedUnder().Where(sums.ContainsKey).ToHashSet(StringComparer.Ordinal);
            if (sums.ContainsKey(AreaKeys.City))
            {
                keys.Add(AreaKeys.City);
            }

            if (keys.Count == 0)
            {
                continue;
            }

            var kpis = TicketKpis.Of(ticket, now);
            foreach (var key in keys)
            {
                sums[key] = sums[key].Plus(kpis);
            }
        }

        return sums.ToImmutableDictionary(StringComparer.Ordinal);
    }

    public static IEnumerable<ITicketIndexGrain> AllShards(IGrainFactory grains) =>
        Enumerable.Range(0, Shards).Select(shard => grains.GetGrain<ITicketIndexGrain>(shard));
}
