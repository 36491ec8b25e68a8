using System.Collections.Immutable;
using CommandCenter.Grains.Abstractions;

namespace CommandCenter.UiTests;

/// <summary>
/// The map's history for component tests, which have no ticket index or elevator history: what a test sets is what
/// the map is told, for the window it asks about.
/// </summary>
public sealed class MapActivityStandIn : IMapActivity
{
    /// <summary>Cases reported per area key, by window.</summary>
    public Dictionary<HeatWindow, Dictionary<string, int>> Cases { get; } = new() { [HeatWindow.Day] = [], [HeatWindow.Week] = [] };

    /// <summary>Closed alarms raised per grid id, by window.</summary>
    public Dictionary<HeatWindow, Dictionary<string, int>> ClosedAlarms { get; } = new() { [HeatWindow.Day] = [], [HeatWindow.Week] = [] };

    /// <summary>Open cases; an area is told those whose grid lies in it.</summary>
    public List<(string AreaKey, TicketSummary Ticket)> OpenCases { get; } = [];

    public Task<IReadOnlyDictionary<string, int>> CasesReportedAsync(IEnumerable<string> areaKeys, HeatWindow window) =>
        Task.FromResult<IReadOnlyDictionary<string, int>>(areaKeys.ToDictionary(key => key, key => Cases[window].GetValueOrDefault(key)));

    public Task<IReadOnlyDictionary<string, int>> ClosedAlarmsRaisedAsync(HeatWindow window) =>
        Task.FromResult<IReadOnlyDictionary<string, int>>(ClosedAlarms[window]);

    public Task<ImmutableArray<TicketSummary>> OpenCasesAsync(string areaKey) =>
        Task.FromResult<ImmutableArray<TicketSummary>>([.. OpenCases.Where(open => open.AreaKey == areaKey).Select(open => open.Ticket)]);
}
