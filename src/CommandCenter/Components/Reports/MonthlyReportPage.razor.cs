using System.Globalization;
using CommandCenter.Assessment;
using CommandCenter.Assessment.Reports;
using CommandCenter.Auth;
using CommandCenter.Components.Firm;
using CommandCenter.Grains.City;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Components.Reports;

/// <summary>
/// The printable monthly report (月度报告) of the reader's area: every registered topic as a table, with a bar chart of its
/// breakdown, a month picker, the .xlsx download and print styles. The same topics as the workbook, so they never disagree.
/// </summary>
public sealed partial class MonthlyReportPage : ConsolePageBase
{
    private MonthlyReport? _report;
    private string? _problem;

    [SupplyParameterFromQuery(Name = "month")]
    public string? Month { get; set; }

    [Inject]
    private MonthlyReports Reports { get; set; } = default!;

    [Inject]
    private CityDirectory CityDirectory { get; set; } = default!;

    [Inject]
    private FirmScores Scores { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        // Checked here as well as by the page's policy: navigation inside a circuit skips the HTTP pipeline.
        var user = (await Authentication).User;
        if (user.RoleOf() is not (Roles.Operator or Roles.Street or Roles.Community) || AssessmentScope.Of(user, CityDirectory) is not { IsArea: true } scope)
        {
            _problem = Text["Page.NotAllowed"];
            return;
        }

        var errors = new List<string>();
        if (AssessmentRequests.MonthOf(string.IsNullOrEmpty(Month) ? null : Month, Now, Scores.Zone, Text, errors) is not { } month)
        {
            _problem = errors[0];
            return;
        }

        _problem = null;
        _report = await Reports.BuildAsync(scope, month, CancellationToken.None);
    }

    /// <summary>A bar chart of the sheet's chart column over its breakdown rows; null when it has none or nothing to draw.</summary>
    private static object? ChartOf(ReportSheet sheet)
    {
        var column = sheet.ChartColumn is { } key ? sheet.Columns.ToList().FindIndex(c => c.Key == key) : -1;
        var label = sheet.Columns.ToList().FindIndex(c => c.Key is "Area" or "Firm");
        var rows = sheet.Rows.Take(sheet.ChartRows ?? sheet.Rows.Count).ToList();
        if (column < 0 || label < 0 || rows.Count == 0)
        {
            return null;
        }

        var rate = IsRate(sheet.Columns[column].Key);
        return new
        {
            chart = new { type = "bar", height = 240, foreColor = "#7a8ea3", animations = new { enabled = false }, toolbar = new { show = false }, background = "transparent" },
            series = new[] { new { name = sheet.Columns[column].Title, data = rows.Select(r => r[column] is double or int ? Convert.ToDouble(r[column], CultureInfo.InvariantCulture) * (rate ? 100 : 1) : (double?)null).ToArray() } },
            xaxis = new { categories = rows.Select(r => r[label]?.ToString() ?? "").ToArray() },
            yaxis = new { min = 0, max = rate ? 100 : (int?)null },
            dataLabels = new { enabled = true },
            plotOptions = new { bar = new { borderRadius = 3 } },
        };
    }

    private static bool IsRate(string key) => key.EndsWith("Rate", StringComparison.Ordinal) || key.EndsWith("Share", StringComparison.Ordinal)
        || key is "DailyCheckCoverage" or "RecordCompleteness";

    private static string Cell(string key, object? value) => value switch
    {
        null => "—",
        double rate when IsRate(key) => rate.ToString("P1", CultureInfo.InvariantCulture),
        double number => number.ToString("0.#", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
