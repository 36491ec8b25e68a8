using CommandCenter.Auth;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Assessment.Reports;

/// <summary>A column of a report sheet: a stable key and its title in the reader's language.</summary>
public sealed record ReportColumn(string Key, string Title);

/// <summary>
/// One topic's sheet: its rows in column order (numbers as numbers, rates as fractions, null where nothing counts yet).
/// <see cref="ChartColumn"/> names the column the report page charts against the first column, over the first
/// <see cref="ChartRows"/> rows (the breakdown, not its totals); none when null.
/// </summary>
public sealed record ReportSheet(
    string Key, string Title, IReadOnlyList<ReportColumn> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows, string? ChartColumn = null, int? ChartRows = null);

/// <summary>The monthly report of a scope: one sheet per registered topic, in their order.</summary>
public sealed record MonthlyReport(AssessmentWindow Month, AssessmentScope Scope, IReadOnlyList<ReportSheet> Sheets);

/// <summary>
/// One topic of the monthly report (cases, alarms, duties, maintenance firms, …): a small class registered with
/// <see cref="AssessmentExtensions.AddReportTopic{TTopic}"/>; the page and the workbook show every registered topic.
/// </summary>
public interface IMonthlyReportTopic
{
    /// <summary>Where the sheet goes among the others (lower first).</summary>
    int Order { get; }

    Task<ReportSheet> BuildAsync(MonthlyReportContext context, CancellationToken cancellationToken);
}

/// <summary>What every topic of one report shares: scope, month, texts, and the KPIs computed once for all topics.</summary>
public sealed class MonthlyReportContext(AssessmentScope scope, AssessmentWindow month, AssessmentWindow previous, IStringLocalizer<AssessmentText> text, KpiService kpis)
{
    private Task<KpiReport>? _kpis;

    public AssessmentScope Scope { get; } = scope;

    public AssessmentWindow Month { get; } = month;

    public AssessmentWindow Previous { get; } = previous;

    public IStringLocalizer<AssessmentText> Text { get; } = text;

    /// <summary>The breakdown one level under the scope (a city by district, a district by street, a street by community).</summary>
    public KpiGrouping Breakdown => Scope.Kind switch
    {
        ScopeKind.City => KpiGrouping.District,
        ScopeKind.District => KpiGrouping.Street,
        ScopeKind.Street => KpiGrouping.Community,
        _ => KpiGrouping.None,
    };

    /// <summary>The month's KPIs of the scope and the areas under it, with last month's totals; computed once per report.</summary>
    public Task<KpiReport> KpisAsync(CancellationToken cancellationToken) => _kpis ??= kpis.ComputeAsync(Scope, Month, Previous, Breakdown, cancellationToken);

    /// <summary>A rate as a fraction rounded to four places; null when nothing counts yet.</summary>
    public object? Rate(double? rate) => rate is { } value ? Math.Round(value, 4) : null;

    public object? Minutes(double? minutes) => minutes is { } value ? Math.Round(value, 1) : null;

    public ReportColumn Column(string key) => new(key, Text[$"Column.{key}"]);
}

/// <summary>Builds the monthly report from every registered topic.</summary>
public sealed class MonthlyReports(IEnumerable<IMonthlyReportTopic> topics, KpiService kpis, IStringLocalizer<AssessmentText> text, FirmScores firms)
{
    public async Task<MonthlyReport> BuildAsync(AssessmentScope scope, AssessmentWindow month, CancellationToken cancellationToken)
    {
        var context = new MonthlyReportContext(scope, month, month.Previous(firms.Zone), text, kpis);
        var sheets = new List<ReportSheet>();
        foreach (var topic in topics.OrderBy(t => t.Order))
        {
            sheets.Add(await topic.BuildAsync(context, cancellationToken));
        }

        return new MonthlyReport(month, scope, sheets);
    }
}
