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
            sheets[name] = sheet.Rows.Select(row => sheet.Columns.Select((column, i) => (column.Title, Value: row[i]))
                    .ToDictionary(cell => cell.Title, cell => cell.Value))
                .ToList();
        }

        await MiniExcel.SaveAsAsync(output, sheets, cancellationToken: cancellationToken);
    }
}
