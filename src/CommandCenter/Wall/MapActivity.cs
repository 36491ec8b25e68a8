using System.Collections.Concurrent;
using System.Collections.Immutable;
using CommandCenter.Elevators.History;
using CommandCenter.Grains.Abstractions;

namespace CommandCenter.Wall;

/// <summary>How far back the map's heat layer counts cases and alarms.</summary>
public enum HeatWindow
{
    Day,
    Week,
}

/// <summary>
/// What the wall map shows beyond the live state: the cases reported and alarms raised in an area over the last day
/// or week (the heat layer, open and finished alike) and the open cases with their places (markers).
/// </summary>
public interface IMapActivity
{
    /// <summary>Cases reported within the window in each area (its grids' cases and those handled there).</summary>
    Task<IReadOnlyDictionary<string, int>> CasesReportedAsync(IEnumerable<string> areaKeys, HeatWindow window);

    /// <summary>Closed alarms raised within the window, per grid (open ones are in the wall's live state).</summary>
    Task<IReadOnlyDictionary<string, int>> ClosedAlarmsRaisedAsync(HeatWindow window);

    /// <summary>The area's open cases, newest first, at most <see cref="MapActivity.MaxCaseMarkers"/>.</summary>
    Task<ImmutableArray<TicketSummary>> OpenCasesAsync(string areaKey);
}

/// <summary>
/// <see cref="IMapActivity"/> from the ticket index and the elevator history, which every screen must not ask at
/// every change: an answer is kept for <see cref="Fresh"/> and shared by the screens asking the same question.
/// </summary>
public sealed class MapActivity(IGrainFactory grains, ElevatorHistory history, TimeProvider time) : IMapActivity
{
    /// <summary>How long an answer is reused.</summary>
    public static readonly TimeSpan Fresh = TimeSpan.FromSeconds(30);

    /// <summary>At most this many open cases are marked in one view, newest first.</summary>
    public const int MaxCaseMarkers = 200;

    private static readonly ImmutableArray<TicketStatus> OpenStatuses =
        [.. Enum.GetValues<TicketStatus>().Where(status => status is not (TicketStatus.Closed or TicketStatus.Cancelled))];

    private readonly ConcurrentDictionary<string, Answer> _answers = new(StringComparer.Ordinal);

    public static TimeSpan Span(HeatWindow window) => window == HeatWindow.Week ? TimeSpan.FromDays(7) : TimeSpan.FromDays(1);

    /// <summary>Every area's count in one grouped query of the ticket index and archive, kept per set of areas asked.</summary>
    public Task<IReadOnlyDictionary<string, int>> CasesReportedAsync(IEnumerable<string> areaKeys, HeatWindow window)
    {
        ImmutableArray<string> keys = [.. areaKeys.Distinct(StringComparer.Ordinal)];
        return AskAsync($"cases|{window}|{string.Join(',', keys)}", async now =>
        {
            var byArea = await TicketIndex.KpisByAreaAsync(grains, new TicketQuery { ReportedFrom = now - Span(window) }, keys, now);
            return (IReadOnlyDictionary<string, int>)byArea.ToDictionary(area => area.Key, area => area.Value.Total, StringComparer.Ordinal);
        });
    }

    public Task<IReadOnlyDictionary<string, int>> ClosedAlarmsRaisedAsync(HeatWindow window) =>
        AskAsync($"alarms|{window}", now => history.CountClosedAlarmsRaisedByGridAsync(now - Span(window)));

    public Task<ImmutableArray<TicketSummary>> OpenCasesAsync(string areaKey) =>
        AskAsync($"open|{areaKey}", async now =>
            (await TicketIndex.QueryAsync(grains, new TicketQuery { Area = areaKey, Statuses = OpenStatuses, Take = MaxCaseMarkers }, now)).Items);

    private async Task<T> AskAsync<T>(string question, Func<DateTimeOffset, Task<T>> ask)
    {
        var now = time.GetUtcNow();
        if (_answers.TryGetValue(question, out var kept) && now - kept.At < Fresh)
        {
            return (T)kept.Value;
        }

        var value = await ask(now);
        _answers[question] = new Answer(now, value!);
        return value;
    }

    private sealed record Answer(DateTimeOffset At, object Value);
}
