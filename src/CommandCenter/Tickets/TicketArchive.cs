using System.Collections.Immutable;
using System.Linq.Expressions;
using System.Text.Json;
using System.Text.Json.Serialization;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.Tickets;
using CommandCenter.Relational;
using CommandCenter.Tickets.Store;
using Microsoft.EntityFrameworkCore;

namespace CommandCenter.Tickets;

/// <summary>
/// The grains' <see cref="ITicketArchive"/> over the <see cref="TicketArchiveStore"/>: the filters of
/// <see cref="TicketQuery"/> in SQL, in <see cref="TicketPage.Order"/>, and KPIs as sums of the stored contributions.
/// Case is ignored through lower-cased columns, which agrees with the index's ordinal case-insensitive comparison
/// for every id and category code made of letters, digits and punctuation.
/// </summary>
public sealed class TicketArchive(IServiceScopeFactory scopes) : ITicketArchive
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public async Task SaveAsync(TicketDetails ticket, CancellationToken cancellationToken = default)
    {
        var summary = ticket.Ticket;
        var finishedAt = summary.FinishedAt() ?? throw new ArgumentException($"Ticket {summary.Id} is {summary.Status}: only finished tickets are archived.", nameof(ticket));
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<TicketArchiveStore>();
        await using var transaction = await store.Database.BeginTransactionAsync(cancellationToken);
        if (await store.Tickets.Include(t => t.Areas).SingleOrDefaultAsync(t => t.Id == summary.Id, cancellationToken) is { } stored)
        {
            // An evaluation after archiving makes a newer version; a repeat of the same one changes nothing.
            if (JsonSerializer.Deserialize<TicketSummary>(stored.Summary, Json)!.Version >= summary.Version)
            {
                return;
            }

            store.Tickets.Remove(stored);
            await store.SaveChangesAsync(cancellationToken);
        }

        store.Tickets.Add(new ArchivedTicket
        {
            Id = summary.Id,
            IdKey = summary.Id.ToLowerInvariant(),
            Category = summary.Category.ToLowerInvariant(),
            Status = summary.Status,
            Source = summary.Source,
            Level = summary.Level,
            ReportedAt = summary.ReportedAt,
            FinishedAt = finishedAt,
            Areas = [.. summary.ListedUnder().Select(key => new ArchivedTicketArea { TicketId = summary.Id, AreaKey = key })],
            Kpis = TicketKpis.Of(summary, finishedAt),
            Summary = JsonSerializer.Serialize(summary, Json),
            Audit = JsonSerializer.Serialize(ticket.Audit, Json),
        });
        try
        {
            await store.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Stored meanwhile by an earlier attempt that timed out: the same ticket, nothing to do.
            if (!await ExistsAsync(summary.Id, cancellationToken))
            {
                throw;
            }
        }
    }

    public async Task RemoveAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<TicketArchiveStore>();
        if (await store.Tickets.Include(t => t.Areas).SingleOrDefaultAsync(t => t.Id == id, cancellationToken) is { } stored)
        {
            store.Tickets.Remove(stored);
            await store.SaveChangesAsync(cancellationToken);
        }
    }

    public async Task<TicketDetails?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<TicketArchiveStore>().Tickets.AsNoTracking()
            .Where(t => t.Id == id)
            .Select(t => new { t.Summary, t.Audit })
            .SingleOrDefaultAsync(cancellationToken);
        if (stored is null)
        {
            return null;
        }

        var summary = JsonSerializer.Deserialize<TicketSummary>(stored.Summary, Json)!;
        return new TicketDetails(summary, JsonSerializer.Deserialize<ImmutableArray<TicketAuditEntry>>(stored.Audit, Json), TicketWorkflow.AllowedActions(summary.Status));
    }

    public async Task<TicketPage> QueryAsync(TicketQuery query, DateTimeOffset finishedUpTo, ImmutableArray<string> excluding, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (Matching(scope.ServiceProvider.GetRequiredService<TicketArchiveStore>(), query, finishedUpTo, excluding) is not { } tickets)
        {
            return new TicketPage(0, []);
        }

        var total = await tickets.CountAsync(cancellationToken);
        var summaries = await tickets
            .OrderByDescending(t => t.ReportedAt).ThenByDescending(t => t.Id)
            .Take(query.Skip + query.Take)
            .Select(t => t.Summary)
            .ToListAsync(cancellationToken);
        return new TicketPage(total, [.. summaries.Select(json => JsonSerializer.Deserialize<TicketSummary>(json, Json)!)]);
    }

    public async Task<TicketKpis> KpisAsync(TicketQuery query, DateTimeOffset finishedUpTo, ImmutableArray<string> excluding, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (Matching(scope.ServiceProvider.GetRequiredService<TicketArchiveStore>(), query, finishedUpTo, excluding) is not { } tickets)
        {
            return new TicketKpis();
        }

        return (await tickets.GroupBy(_ => 1).Select(SumsOf<int>()).SingleOrDefaultAsync(cancellationToken))?.Kpis ?? new TicketKpis();
    }

    public async Task<ImmutableDictionary<string, TicketKpis>> KpisByAreaAsync(
        TicketQuery query, ImmutableArray<string> areaKeys, DateTimeOffset finishedUpTo, ImmutableArray<string> excluding, CancellationToken cancellationToken = default)
    {
        var sums = areaKeys.Distinct(StringComparer.Ordinal).ToDictionary(key => key, _ => new TicketKpis(), StringComparer.Ordinal);
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<TicketArchiveStore>();
        if (Matching(store, query with { Area = null }, finishedUpTo, excluding) is not { } tickets)
        {
            return sums.ToImmutableDictionary(StringComparer.Ordinal);
        }

        // Every ticket is listed under the city; the other keys are summed in one grouped query over the area rows.
        if (sums.ContainsKey(AreaKeys.City))
        {
            sums[AreaKeys.City] = (await tickets.GroupBy(_ => 1).Select(SumsOf<int>()).SingleOrDefaultAsync(cancellationToken))?.Kpis ?? new TicketKpis();
        }

        var keys = sums.Keys.Where(key => key != AreaKeys.City).ToList();
        var byArea = await store.Set<ArchivedTicketArea>()
            .Where(area => keys.Contains(area.AreaKey))
            .Join(tickets, area => area.TicketId, ticket => ticket.Id, (area, ticket) => new { area.AreaKey, Ticket = ticket })
            .GroupBy(listed => listed.AreaKey, listed => listed.Ticket)
            .Select(SumsOf<string>())
            .ToListAsync(cancellationToken);
        foreach (var area in byArea)
        {
            sums[area.Key] = area.Kpis;
        }

        return sums.ToImmutableDictionary(StringComparer.Ordinal);
    }

    /// <summary>The KPIs of a group of archived tickets, summed in SQL from their stored contributions.</summary>
    private static Expression<Func<IGrouping<TKey, ArchivedTicket>, GroupKpis<TKey>>> SumsOf<TKey>() => all => new GroupKpis<TKey>(all.Key, new TicketKpis
    {
        Total = all.Sum(t => t.Kpis.Total),
        Open = all.Sum(t => t.Kpis.Open),
        Closed = all.Sum(t => t.Kpis.Closed),
        Cancelled = all.Sum(t => t.Kpis.Cancelled),
        FiledOnTime = all.Sum(t => t.Kpis.FiledOnTime),
        FiledLate = all.Sum(t => t.Kpis.FiledLate),
        DispatchedOnTime = all.Sum(t => t.Kpis.DispatchedOnTime),
        DispatchedLate = all.Sum(t => t.Kpis.DispatchedLate),
        DisposedOnTime = all.Sum(t => t.Kpis.DisposedOnTime),
        Overdue = all.Sum(t => t.Kpis.Overdue),
        ClosedOnTime = all.Sum(t => t.Kpis.ClosedOnTime),
        ClosedLate = all.Sum(t => t.Kpis.ClosedLate),
        OverdueOpen = all.Sum(t => t.Kpis.OverdueOpen),
        Reworks = all.Sum(t => t.Kpis.Reworks),
        Dispatches = all.Sum(t => t.Kpis.Dispatches),
        Returns = all.Sum(t => t.Kpis.Returns),
        Evaluated = all.Sum(t => t.Kpis.Evaluated),
        Satisfied = all.Sum(t => t.Kpis.Satisfied),
        BasicallySatisfied = all.Sum(t => t.Kpis.BasicallySatisfied),
    });

    /// <summary>The archived tickets a query matches, as <see cref="TicketQuery.Matches"/> decides; null when none can.</summary>
    private static IQueryable<ArchivedTicket>? Matching(TicketArchiveStore store, TicketQuery query, DateTimeOffset finishedUpTo, ImmutableArray<string> excluding)
    {
        // A finished ticket is never overdue; the archive keeps no reporter (TicketQuery.Reporter lists what the index holds).
        if (query.Overdue == true || query.Reporter is not null)
        {
            return null;
        }

        var tickets = store.Tickets.AsNoTracking().Where(t => t.FinishedAt <= finishedUpTo);
        if (query.Area is { } area)
        {
            tickets = tickets.Where(t => t.Areas.Any(a => a.AreaKey == area));
        }

        if (query.Category?.ToLowerInvariant() is { } category)
        {
            tickets = tickets.Where(t => t.Category == category);
        }

        if (!query.Statuses.IsDefaultOrEmpty)
        {
            var statuses = query.Statuses.ToList();
            tickets = tickets.Where(t => statuses.Contains(t.Status));
        }

        if (query.Source is { } source)
        {
            tickets = tickets.Where(t => t.Source == source);
        }

        if (query.Level is { } level)
        {
            tickets = tickets.Where(t => t.Level == level);
        }

        if (!query.Ids.IsDefaultOrEmpty)
        {
            var keys = query.Ids.Select(id => id.ToLowerInvariant()).ToList();
            tickets = tickets.Where(t => keys.Contains(t.IdKey));
        }

        if (query.ReportedFrom is { } from)
        {
            tickets = tickets.Where(t => t.ReportedAt >= from);
        }

        if (query.ReportedTo is { } to)
        {
            tickets = tickets.Where(t => t.ReportedAt < to);
        }

        if (!excluding.IsDefaultOrEmpty)
        {
            var ids = excluding.ToList();
            tickets = tickets.Where(t => !ids.Contains(t.Id));
        }

        return tickets;
    }

    private sealed record GroupKpis<TKey>(TKey Key, TicketKpis Kpis);

    private async Task<bool> ExistsAsync(string id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TicketArchiveStore>().Tickets.AnyAsync(t => t.Id == id, cancellationToken);
    }
}
