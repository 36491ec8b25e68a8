using System.Data;
using MiniExcelLibs;

namespace CommandCenter.Assessment.Reports;

/// <summary>The monthly report as an .xlsx workbook (MiniExcel): one sheet per topic, its titles as the header row.</summary>
public static class MonthlyWorkbook
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Excel refuses sheet names over 31 characters.</summary>
    private const int MaxSheetName = 31;

    public static async Task WriteAsync(MonthlyReport report, Stream output, CancellationToken cancellationToken)
    {
        var sheets = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var sheet in report.Sheets)
        {
            var name = sheet.Title.Length <= MaxSheetName ? sheet.Title : sheet.Title[..MaxSheetName];
            sheets[name] = sheet.Rows.Count > 0
                ? sheet.Rows.Select(row => sheet.Columns.Select((column, i) => (column.Title, Value: row[i]))
                        .ToDictionary(cell => cell.Title, cell => cell.Value))
                    .ToList()
                : HeaderOnly(name, sheet.Columns);
        }

        await MiniExcel.SaveAsAsync(output, sheets, cancellationToken: cancellationToken);
    }

    /// <summary>A sheet with nothing to list still names its columns (rows of dictionaries would leave it blank).</summary>
    private static DataTable HeaderOnly(string name, IReadOnlyList<ReportColumn> columns)
    {
        var table = new DataTable(name);
        foreach (var column in columns)
        {
            table.Columns.Add(column.Title, typeof(string));
        }

        return table;
    }
}
