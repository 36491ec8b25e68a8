using System.Collections.Immutable;
using CommandCenter.Auth;
using CommandCenter.Elevators.History;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;

namespace CommandCenter.Assessment;

/// <summary>How <c>/api/kpis</c> breaks its figures down.</summary>
public enum KpiGrouping
{
    None,
    District,
    Street,
    Community,
    Department,
    Firm,
}

/// <summary>One row of a breakdown: an area, a department or a firm.</summary>
public sealed record KpiGroup(string Key, string Name, KpiFigures Figures);

/// <summary>The KPIs of a scope over a window, its breakdown, and the same scope's totals over the window before.</summary>
public sealed record KpiReport(
    AssessmentWindow Window,
    AssessmentWindow PreviousWindow,
    string Scope,
    string By,
    KpiFigures Total,
    KpiFigures PreviousTotal,
    IReadOnlyList<KpiGroup> Groups);

/// <summary>Work-order KPIs of the tickets of areas (or departments) reported in a window, open and archived alike.</summary>
public interface ITicketFigureSource
{
    /// <summary>Each area's KPIs, every area in one call.</summary>
    /// <param name="areaKeys">Area keys (<c>district/640104</c>), <c>department/cg</c>, or <c>city</c> for every ticket.</param>
    Task<IReadOnlyDictionary<string, TicketKpis>> KpisByAreaAsync(ImmutableArray<string> areaKeys, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}

/// <summary>The ticket index and archive as one (<see cref="TicketIndex.KpisByAreaAsync"/>), each ticket as it stands now.</summary>
public sealed class TicketIndexFigures(IGrainFactory grains, TimeProvider time) : ITicketFigureSource
{
    public async Task<IReadOnlyDictionary<string, TicketKpis>> KpisByAreaAsync(
        ImmutableArray<string> areaKeys, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        await TicketIndex.KpisByAreaAsync(grains, new TicketQuery { ReportedFrom = from, ReportedTo = to }, areaKeys, time.GetUtcNow()).WaitAsync(cancellationToken);
}

/// <summary>A breakdown the caller's scope does not allow (a street user by district, a district operator by department).</summary>
public sealed class KpiGroupingException(KpiGrouping by) : Exception($"Grouping by {by} is not available in this scope.")
{
    public KpiGrouping By { get; } = by;
}

/// <summary>
/// Computes time-windowed KPIs from the history stores: work orders from the ticket index and archive (reported in the window),
/// alarms from the closed alarms of the elevator history (occurred in the window). One service for the API, the desk, the wall,
/// and the monthly report.
/// </summary>
public sealed class KpiService(CityDirectory city, ITicketFigureSource tickets, ElevatorHistory history)
{
    public async Task<KpiReport> ComputeAsync(AssessmentScope scope, AssessmentWindow window, AssessmentWindow previous, KpiGrouping by, CancellationToken cancellationToken)
    {
        var groups = GroupsOf(scope, by);
        // The work orders of the scope and of every group in one grouped query per window (a firm has none).
        ImmutableArray<string> ticketAreas = [.. groups.Prepend((scope.Kind, scope.Key, "")).Where(g => g.Kind != ScopeKind.Firm).Select(g => g.Key).Distinct()];
        var ticketKpis = await TicketKpisAsync(ticketAreas, window, cancellationToken);
        var previousKpis = await TicketKpisAsync(scope.Kind == ScopeKind.Firm ? [] : [scope.Key], previous, cancellationToken);
        var alarms = await history.ReadAlarmsOccurredAsync(window.From, window.To, cancellationToken);
        var previousAlarms = await history.ReadAlarmsOccurredAsync(previous.From, previous.To, cancellationToken);
        return new KpiReport(
            window, previous, scope.Key, by.ToString().ToLowerInvariant(),
            FiguresOf(scope.Kind, scope.Key, ticketKpis, alarms),
            FiguresOf(scope.Kind, scope.Key, previousKpis, previousAlarms),
            [.. groups.Select(g => new KpiGroup(g.Key, g.Name, FiguresOf(g.Kind, g.Key, ticketKpis, alarms)))]);
    }

    private async Task<IReadOnlyDictionary<string, TicketKpis>> TicketKpisAsync(ImmutableArray<string> areaKeys, AssessmentWindow window, CancellationToken cancellationToken) =>
        areaKeys.IsEmpty ? ImmutableDictionary<string, TicketKpis>.Empty : await tickets.KpisByAreaAsync(areaKeys, window.From, window.To, cancellationToken);

    /// <summary>The figures of one area, department or firm: its work orders' KPIs from <paramref name="ticketKpis"/>, its alarms from the window's closed alarms.</summary>
    private KpiFigures FiguresOf(ScopeKind kind, string key, IReadOnlyDictionary<string, TicketKpis> ticketKpis, IReadOnlyList<AlarmSnapshot> alarms)
    {
        switch (kind)
        {
            case ScopeKind.Firm:
                var firmId = key[(key.IndexOf('/') + 1)..];
                var concerned = alarms.Where(a => a.Dispatches.Any(d => d.FirmId == firmId)).ToList();
                return new KpiFigures(null, AlarmFigures.Of(concerned, missed => missed == firmId, answered => answered.FirmId == firmId));
            case ScopeKind.Department:
                return new KpiFigures(TicketFigures.Of(ticketKpis[key]), null);
            default:
                return new KpiFigures(TicketFigures.Of(ticketKpis[key]), AlarmFigures.Of([.. alarms.Where(a => InArea(a, key))], _ => true));
        }
    }

    /// <summary>The alarm's elevator stands in the area (by its grid, or its district when it has no grid).</summary>
    public bool InArea(AlarmSnapshot alarm, string areaKey)
    {
        if (areaKey == AreaKeys.City)
        {
            return true;
        }

        if (alarm.GridId is { } gridId && city.FindGrid(gridId) is { } place)
        {
            return InArea(place, areaKey);
        }

        return alarm.DistrictId is { } districtId && areaKey == AreaKeys.District(districtId);
    }

    /// <summary>The grid is the area or lies under it.</summary>
    public static bool InArea(GridPlace place, string areaKey) =>
        areaKey == AreaKeys.City || areaKey == AreaKeys.Grid(place.Grid.Id) || areaKey == AreaKeys.Community(place.Community.Id)
        || areaKey == AreaKeys.Street(place.Street.Id) || areaKey == AreaKeys.District(place.District.Id);

    /// <summary>The rows of a breakdown within a scope; throws <see cref="KpiGroupingException"/> when the scope does not allow it.</summary>
    public IReadOnlyList<(ScopeKind Kind, string Key, string Name)> GroupsOf(AssessmentScope scope, KpiGrouping by)
    {
        switch (by)
        {
            case KpiGrouping.None:
                return [];
            case KpiGrouping.District or KpiGrouping.Street or KpiGrouping.Community when scope.IsArea:
                var level = by switch { KpiGrouping.District => AreaLevel.District, KpiGrouping.Street => AreaLevel.Street, _ => AreaLevel.Community };
                if (city.FindArea(scope.Key) is not { } top || top.Level > level)
                {
                    throw new KpiGroupingException(by);
                }

                return [.. AreasUnder(top, level).Select(a => (ScopeKindOf(level), a.Key, a.Name))];
            case KpiGrouping.Department when scope.Kind is ScopeKind.City or ScopeKind.Department:
                return [.. city.Departments.Where(d => scope.Kind == ScopeKind.City || d.Id == scope.DepartmentId)
                    .Select(d => (ScopeKind.Department, $"department/{d.Id}", d.Name))];
            case KpiGrouping.Firm when scope.Kind is ScopeKind.City or ScopeKind.District or ScopeKind.Firm:
                var firms = scope.Kind switch
                {
                    ScopeKind.City => city.Topology.Firms,
                    ScopeKind.District => city.FirmsServing(scope.Key[(scope.Key.IndexOf('/') + 1)..]),
                    _ => city.Topology.Firms.Where(f => f.Id == scope.FirmId).ToList(),
                };
                return [.. firms.Select(f => (ScopeKind.Firm, $"firm/{f.Id}", f.Name))];
            default:
                throw new KpiGroupingException(by);
        }
    }

    /// <summary>The areas of <paramref name="level"/> at or under <paramref name="top"/>, in the city file's order.</summary>
    public IEnumerable<AreaInfo> AreasUnder(AreaInfo top, AreaLevel level)
    {
        if (top.Level == level)
        {
            yield return top;
            yield break;
        }

        foreach (var child in top.ChildKeys.Select(city.FindArea).OfType<AreaInfo>())
        {
            foreach (var area in AreasUnder(child, level))
            {
                yield return area;
            }
        }
    }

    private static ScopeKind ScopeKindOf(AreaLevel level) => level switch
    {
        AreaLevel.District => ScopeKind.District,
        AreaLevel.Street => ScopeKind.Street,
        AreaLevel.Community => ScopeKind.Community,
        AreaLevel.Grid => ScopeKind.Grid,
        _ => ScopeKind.City,
    };
}
