using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace CommandCenter.Assessment;

/// <summary>A scope's KPIs this month beside last month, as the desk and the wall show them.</summary>
public sealed record MonthComparison(string Month, string PreviousMonth, KpiFigures ThisMonth, KpiFigures LastMonth)
{
    public static readonly MonthComparison Empty = new("", "", new KpiFigures(null, null), new KpiFigures(null, null));
}

/// <summary>
/// This month beside last month for a scope, read again at most every <see cref="AssessmentOptions.RefreshInterval"/>: every
/// wall screen and desk of the process shares one computation per scope.
/// </summary>
public sealed class MonthKpis(KpiService kpis, FirmScores scores, IOptions<AssessmentOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset ReadAt, Task<MonthComparison> Figures)> _cache = new(StringComparer.Ordinal);

    public Task<MonthComparison> OfAsync(AssessmentScope scope)
    {
        var now = time.GetUtcNow();
        var entry = _cache.AddOrUpdate(
            scope.Key,
            _ => (now, ComputeAsync(scope, now)),
            (_, kept) => now - kept.ReadAt < options.Value.RefreshInterval && !kept.Figures.IsFaulted ? kept : (now, ComputeAsync(scope, now)));
        return entry.Figures;
    }

    private async Task<MonthComparison> ComputeAsync(AssessmentScope scope, DateTimeOffset now)
    {
        var month = AssessmentWindow.MonthOf(now, scores.Zone);
        var report = await kpis.ComputeAsync(scope, month, month.Previous(scores.Zone), KpiGrouping.None, CancellationToken.None);
        return new MonthComparison(month.Label, report.PreviousWindow.Label, report.Total, report.PreviousTotal);
    }
}
