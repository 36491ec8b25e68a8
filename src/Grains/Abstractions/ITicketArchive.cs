using System.Collections.Immutable;

namespace CommandCenter.Grains.Abstractions;

/// <summary>
/// Where finished work orders (closed or cancelled) are kept for good: the host's relational store. A
/// ticket writes itself here once it is finished and is dropped from the index (and its own state) once it
/// has been finished longer than the index keeps finished tickets; lists, KPIs and the ticket's detail then
/// read it from here. Grains reach it through this interface only, so they never depend on EF Core.
/// </summary>
public interface ITicketArchive
{
    /// <summary>
    /// Stores a finished ticket with its audit trail; a newer version of an id that is there (an evaluation after archiving)
    /// replaces it, the same or an older version changes nothing.
    /// </summary>
    Task SaveAsync(TicketDetails ticket, CancellationToken cancellationToken = default);

    /// <summary>Takes a reopened ticket out of the archive (its grain holds it again); an id that is not there changes nothing.</summary>
    Task RemoveAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The archived ticket with its trail, or null when the archive has no ticket of this id.</summary>
    Task<TicketDetails?> FindAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// How many archived tickets finished at or before <paramref name="finishedUpTo"/> match (ids in
    /// <paramref name="excluding"/> aside), and the first <c>Skip + Take</c> of them in <see cref="TicketPage.Order"/>.
    /// </summary>
    Task<TicketPage> QueryAsync(TicketQuery query, DateTimeOffset finishedUpTo, ImmutableArray<string> excluding, CancellationToken cancellationToken = default);

    /// <summary>KPIs over the same tickets as <see cref="QueryAsync"/> (paging ignored).</summary>
    Task<TicketKpis> KpisAsync(TicketQuery query, DateTimeOffset finishedUpTo, ImmutableArray<string> excluding, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="ITicketIndexGrain.KpisByAreaAsync"/>, over the archived tickets <see cref="KpisAsync"/> counts: every key, zeros included.</summary>
    Task<ImmutableDictionary<string, TicketKpis>> KpisByAreaAsync(
        TicketQuery query, ImmutableArray<string> areaKeys, DateTimeOffset finishedUpTo, ImmutableArray<string> excluding, CancellationToken cancellationToken = default);
}

/// <summary>
/// Lists and counts tickets across the index and the archive as one (stateless, on every silo).
/// <see cref="TicketIndex.QueryAsync"/> and <see cref="TicketIndex.KpisAsync"/> go through it.
/// </summary>
public interface ITicketSearchGrain : IGrainWithIntegerKey
{
    /// <inheritdoc cref="ITicketIndexGrain.QueryAsync"/>
    Task<TicketPage> QueryAsync(TicketQuery query, DateTimeOffset now);

    /// <inheritdoc cref="ITicketIndexGrain.KpisAsync"/>
    Task<TicketKpis> KpisAsync(TicketQuery query, DateTimeOffset now);

    /// <inheritdoc cref="TicketIndex.KpisByAreaAsync"/>
    Task<ImmutableDictionary<string, TicketKpis>> KpisByAreaAsync(TicketQuery query, ImmutableArray<string> areaKeys, DateTimeOffset now);
}

/// <summary>
/// One shard's part of a page: its matches and first <c>Skip + Take</c>, and which of those finished at or
/// before the cutoff without being archived yet (the archive may hold them already, and must not count them twice).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TicketShardPage(
    [property: Id(0)] TicketPage Page,
    [property: Id(1)] ImmutableArray<string> NotYetArchived);

/// <summary>One shard's part of the KPIs per area, and the tickets it counted that are not yet archived, as in <see cref="TicketShardPage"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record TicketShardAreaKpis(
    [property: Id(0)] ImmutableDictionary<string, TicketKpis> ByArea,
    [property: Id(1)] ImmutableArray<string> NotYetArchived);

/// <summary>One shard's part of the KPIs, and its matches not yet archived as in <see cref="TicketShardPage"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record TicketShardKpis(
    [property: Id(0)] TicketKpis Kpis,
    [property: Id(1)] ImmutableArray<string> NotYetArchived);
