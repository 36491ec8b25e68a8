using System.Globalization;
using CommandCenter.Assessment;
using CommandCenter.Assessment.Reports;
using CommandCenter.Auth;
using CommandCenter.Grains.City;
using MiniExcelLibs;
using Shouldly;
using static CommandCenter.Tests.Assessment.AssessmentWorld;

namespace CommandCenter.Tests.Assessment;

/// <summary>
/// The monthly workbook of the simulated November, reopened with MiniExcel: the four topics' sheets in Chinese with the
/// hand-computed figures; a district operator's holds their district only.
/// </summary>
public sealed class MonthlyWorkbookTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Workbook_CityOperator_ReopensWithTheFourSheetsAndTheMonthsFigures()
    {
        await using var world = await StartAsync();

        var sheets = await ExportAsync(world, AssessmentScope.CityOf(world.Get<CityDirectory>()));

        sheets.Keys.ShouldBe(["案件", "电梯报警", "电梯责任落实", "维保单位"]);
        var cases = sheets["案件"];
        cases.Select(r => r["区域"]).ShouldBe(["兴庆区", "金凤区", "合计：银川市", "上月（2026-10）"]);
        (Number(cases[0]["上报数"]), Number(cases[0]["结案率"]), Number(cases[0]["按时立案率"]), Number(cases[0]["超期数"])).ShouldBe((2, 1, 0.5, 1));
        (Number(cases[0]["退回（错派）数"]), Number(cases[0]["准确派遣率"]), Number(cases[0]["回访数"]), Number(cases[0]["满意率"])).ShouldBe((1, 0.6667, 2, 0.5));
        (Number(cases[2]["上报数"]), Number(cases[3]["上报数"])).ShouldBe((3, 1));
        var alarms = sheets["电梯报警"];
        (Number(alarms[0]["报警数"]), Number(alarms[0]["平均到场时间（分钟）"]), Number(alarms[0]["超时未到场次数"])).ShouldBe((3, 23.3, 1));
        (Number(alarms[1]["误报数"]), Number(alarms[1]["误报率"])).ShouldBe((1, 1));
        var duties = sheets["电梯责任落实"];
        (Number(duties[0]["电梯数"]), Number(duties[0]["按时维保率"]), Number(duties[0]["维保次数"]), Number(duties[0]["记录不完整数"])).ShouldBe((2, 0.5, 4, 1));
        (Number(duties[1]["电梯数"]), Number(duties[1]["按时维保率"]), Number(duties[1]["维保次数"])).ShouldBe((1, 1, 2));
        var firms = sheets["维保单位"];
        firms.Select(r => (Number(r["排名"]), r["维保单位"], Number(r["得分"]), Number(r["上月得分"]), Number(r["变化"])))
            .ShouldBe([(1, "甲维保", 72.5, 25, 47.5), (2, "乙维保", 72.2, 56.7, 15.5)]);
    }

    [Fact]
    public async Task Workbook_DistrictOperator_HoldsOnlyTheirDistrict()
    {
        await using var world = await StartAsync();
        var city = world.Get<CityDirectory>();
        var district = new AssessmentScope(ScopeKind.District, $"district/{D1}", city.FindArea($"district/{D1}")!.Name);

        var sheets = await ExportAsync(world, district);

        sheets["案件"].Select(r => r["区域"]).ShouldBe(["解放西街街道", "合计：兴庆区", "上月（2026-10）"]);
        (Number(sheets["案件"][1]["上报数"]), Number(sheets["电梯报警"][1]["报警数"]), Number(sheets["电梯责任落实"][1]["电梯数"])).ShouldBe((2, 3, 2));
        sheets["维保单位"].Select(r => r["维保单位"]).ShouldBe(["甲维保"]);
        var everyCell = sheets.Values.SelectMany(rows => rows).SelectMany(row => row.Values).Select(value => value?.ToString() ?? "").ToList();
        everyCell.ShouldNotContain(cell => cell.Contains("金凤区") || cell.Contains("黄河东路") || cell.Contains("阅海") || cell.Contains("乙维保"));
    }

    /// <summary>The workbook written and read back, sheet by sheet, each row by its header.</summary>
    private static async Task<Dictionary<string, List<IDictionary<string, object?>>>> ExportAsync(AssessmentWorld world, AssessmentScope scope)
    {
        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        try
        {
            var report = await world.Get<MonthlyReports>().BuildAsync(scope, NovemberWindow, Cancel);
            using var workbook = new MemoryStream();
            await MonthlyWorkbook.WriteAsync(report, workbook, Cancel);
            var sheets = new Dictionary<string, List<IDictionary<string, object?>>>();
            foreach (var name in MiniExcel.GetSheetNames(workbook))
            {
                workbook.Position = 0;
                sheets[name] = [.. MiniExcel.Query(workbook, useHeaderRow: true, sheetName: name).Cast<IDictionary<string, object?>>()];
            }

            return sheets;
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }

    private static double Number(object? cell) => Convert.ToDouble(cell, CultureInfo.InvariantCulture);
}
