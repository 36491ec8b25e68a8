using CommandCenter.Assessment.Months;
using CommandCenter.Assessment.PropertyFirms.Store;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Grains.Duties;
using CommandCenter.Protocol;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommandCenter.Assessment.PropertyFirms;

/// <summary>A property firm as listed: the registry's facts, the chosen month's rating, the months before it (newest first) and every change of stars or credit in them with its reason (newest first).</summary>
public sealed record PropertyFirmRating(
    string Id, string Name, string StreetId, string StreetName, int Compounds, int OwnersCommittees, int PropertyManagementCommittees,
    IReadOnlyList<string> UnitIds, MonthRating Rating, IReadOnlyList<MonthRating> History, IReadOnlyList<RatingChange> Changes);

/// <summary>The property firms of an area (<c>city</c>, <c>district/…</c>, …) rated for a month, best first.</summary>
public sealed record PropertyFirmMonth(string Month, string Area, IReadOnlyList<PropertyFirmRating> Firms);

/// <summary>The cases reported in an area in a time window: open, recently finished and archived alike.</summary>
public interface IAreaCases
{
    Task<IReadOnlyList<TicketSummary>> ReportedAsync(string areaKey, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}

/// <summary>The cases as the ticket index and archive answer them, a page at a time.</summary>
public sealed class TicketIndexAreaCases(IGrainFactory grains, TimeProvider time) : IAreaCases
{
    private const int Page = 500;

    public async Task<IReadOnlyList<TicketSummary>> ReportedAsync(string areaKey, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var found = new List<TicketSummary>();
        var query = new TicketQuery { Area = areaKey, ReportedFrom = from, ReportedTo = to, Take = Page };
        for (var skip = 0; ; skip += Page)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await TicketIndex.QueryAsync(grains, query with { Skip = skip }, time.GetUtcNow());
            found.AddRange(page.Items);
            if (page.Items.Length < Page || found.Count >= page.Total)
            {
                return found;
            }
        }
    }
}

/// <summary>
/// Property firms' monthly ratings by their streets: the service the API, the page and the monthly report read. Each
/// month is rated from the cases reported in the firm's compounds in it and the street's items for it, so the history
/// is the same calculation for earlier months, and a rule changed in configuration rates every month anew.
/// </summary>
public sealed class PropertyFirmRatings(
    CityDirectory city, IAreaCases cases, IDailyCheckTally dailyChecks, IServiceScopeFactory scopes, IOptionsMonitor<PropertyFirmOptions> options,
    IOptions<DutyOptions> duties, TimeProvider time)
{
    public TimeZoneInfo Zone => duties.Value.Zone;

    /// <summary>The firm of the registry, or null.</summary>
    public PropertyFirm? Find(string firmId) => city.Topology.PropertyFirms.FirstOrDefault(f => f.Id == firmId);

    /// <summary>Every firm with a compound in the area (all of them for the city), rated for the month with its history; most points first.</summary>
    public async Task<PropertyFirmMonth> ForMonthAsync(AssessmentWindow month, string areaKey, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var firms = city.Topology.PropertyFirms.Where(f => areaKey == AreaKeys.City || f.Compounds.Any(c => city.Covers(areaKey, c.GridId))).ToList();
        // The chosen month, the history before it, and one more so the oldest month shown can be compared.
        var months = Enumerable.Range(0, settings.HistoryMonths + 2).Select(back => Back(month, back, Zone)).Reverse().ToList();
        var (from, to) = (months[0].From, month.To);
        var reported = new List<TicketSummary>();
        foreach (var street in firms.Select(f => f.StreetId).Distinct(StringComparer.Ordinal))
        {
            reported.AddRange(await cases.ReportedAsync(AreaKeys.Street(street), from, to, cancellationToken));
        }

        var byGrid = reported.Where(t => t.Location.GridId is not null).DistinctBy(t => t.Id).ToLookup(t => t.Location.GridId!, StringComparer.Ordinal);
        var items = await ItemsAsync(firms.Select(f => f.Id).ToList(), months.Select(m => m.Label).ToList(), cancellationToken);
        var now = time.GetUtcNow();
        var unitElevators = city.Topology.Elevators.ToLookup(e => e.UserUnitId, e => e.Id, StringComparer.Ordinal);
        var elevatorsOf = firms.ToDictionary(f => f.Id, f => f.UnitIds.SelectMany(u => unitElevators[u]).ToList(), StringComparer.Ordinal);
        var filed = await dailyChecks.DaysFiledAsync(
            [.. elevatorsOf.Values.SelectMany(e => e).Distinct(StringComparer.Ordinal)], months[0].Label, month.Label, cancellationToken);
        var rated = firms.Select(firm =>
        {
            var inCompounds = firm.Compounds.SelectMany(c => byGrid[c.GridId]).ToList();
            var elevators = elevatorsOf[firm.Id];
            var ratings = months.Select(m =>
            {
                var (start, end) = (m.From, m.To);
                var ofMonth = inCompounds.Where(t => t.ReportedAt >= start && t.ReportedAt < end).ToList();
                var itemsOfMonth = items.Where(i => i.FirmId == firm.Id && i.Month == m.Label);
                var asOf = end < now ? end : now;
                var duty = DailyChecksOf(elevators, m, start, asOf, filed);
                return PropertyFirmScoring.Rate(m, asOf, ofMonth, duty, itemsOfMonth, settings);
            }).ToList();
            return new PropertyFirmRating(
                firm.Id, firm.Name, firm.StreetId, city.FindArea(AreaKeys.Street(firm.StreetId))?.Name ?? firm.StreetId,
                firm.Compounds.Count, firm.Compounds.Count(c => c.OwnersCommittee), firm.Compounds.Count(c => c.PropertyManagementCommittee),
                firm.UnitIds, ratings[^1], [.. ratings[1..^1].AsEnumerable().Reverse()], [.. PropertyFirmScoring.ChangesOf(ratings).Reverse()]);
        });
        return new PropertyFirmMonth(month.Label, areaKey, [.. rated.OrderByDescending(r => r.Rating.Score).ThenBy(r => r.Id, StringComparer.Ordinal)]);
    }

    /// <summary>Keeps a street's item; the caller has checked the firm, the street and the values.</summary>
    public async Task<StreetAssessmentItem> AddItemAsync(PropertyFirm firm, AssessmentWindow month, int points, string note, string addedBy, CancellationToken cancellationToken)
    {
        var item = new StreetAssessmentItem
        {
            FirmId = firm.Id,
            StreetId = firm.StreetId,
            Month = month.Label,
            Points = points,
            Note = note,
            AddedBy = addedBy,
            AddedAt = time.GetUtcNow().UtcDateTime,
        };
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<PropertyFirmStore>();
        store.Items.Add(item);
        await store.SaveChangesAsync(cancellationToken);
        return item;
    }

    private async Task<List<StreetAssessmentItem>> ItemsAsync(List<string> firmIds, List<string> months, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<PropertyFirmStore>();
        return await store.Items.AsNoTracking().Where(i => firmIds.Contains(i.FirmId) && months.Contains(i.Month)).ToListAsync(cancellationToken);
    }

    /// <summary>Every elevator owes a check for each local day of the month that has begun by <paramref name="asOf"/>.</summary>
    private DailyCheckDuty DailyChecksOf(
        List<string> elevators, AssessmentWindow month, DateTimeOffset start, DateTimeOffset asOf, IReadOnlyDictionary<(string, string), int> filed)
    {
        if (elevators.Count == 0 || asOf <= start)
        {
            return DailyCheckDuty.None;
        }

        var days = (int)Math.Ceiling((asOf - start).TotalDays);
        var done = elevators.Sum(e => Math.Min(days, filed.GetValueOrDefault((e, month.Label))));
        return new DailyCheckDuty(elevators.Count * days, done);
    }

    private static AssessmentWindow Back(AssessmentWindow month, int back, TimeZoneInfo zone)
    {
        for (var i = 0; i < back; i++)
        {
            month = month.Previous(zone);
        }

        return month;
    }
}
