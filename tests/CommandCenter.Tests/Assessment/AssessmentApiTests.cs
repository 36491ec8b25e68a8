using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Grains.City;
using CommandCenter.Testing;
using CommandCenter.Tests.Consoles;
using MiniExcelLibs;
using Shouldly;
using Shape = CommandCenter.Tests.Auth.DemoCityShape;

namespace CommandCenter.Tests.Assessment;

/// <summary>
/// The assessment's API on the real process with the demo city: bad input is a ProblemDetails that says why, each caller
/// gets their own scope, a firm sees only the others' ranks, and an export reopens and is audited.
/// </summary>
[Collection(ConsoleHostCollection.Name)]
public sealed class AssessmentApiTests(ConsoleHostFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("operator", "/api/kpis?from=2026-11-10&to=2026-11-01", "2026-11-10")]
    [InlineData("operator", "/api/kpis?from=2020-01-01&to=2026-11-01", "400")]
    [InlineData("operator", "/api/kpis?month=2026-13", "2026-13")]
    [InlineData("operator", "/api/kpis?by=building", "building")]
    [InlineData("street-" + Shape.Street, "/api/kpis?by=district", "district")]
    [InlineData("operator", "/api/scores/maintenance-firms?month=November", "November")]
    [InlineData("operator", "/api/reports/monthly.xlsx?month=2026-1", "2026-1")]
    public async Task BadInput_IsAProblemThatSaysWhy(string user, string path, string named)
    {
        using var client = await fixture.Host.SignInAsync(user);

        using var response = await client.GetAsync(path, Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync(Cancel)).ShouldContain(named);
    }

    [Fact]
    public async Task Kpis_DistrictOperatorByFirm_CoverTheDistrictAndTheFirmsServingIt()
    {
        using var client = await fixture.Host.SignInAsync($"operator-{Shape.District}");

        var kpis = await client.GetFromJsonAsync<JsonElement>("/api/kpis?by=firm", Cancel);

        kpis.GetProperty("scope").GetString().ShouldBe($"district/{Shape.District}");
        var serving = new CityDirectory(TestCity.Demo).FirmsServing(Shape.District).Select(f => $"firm/{f.Id}");
        kpis.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("key").GetString()).ShouldBe(serving);
        var tickets = kpis.GetProperty("total").GetProperty("tickets");
        tickets.TryGetProperty("accurateDispatchRate", out _).ShouldBeTrue();
        tickets.TryGetProperty("satisfactionRate", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Scores_FirmUser_SeesItsOwnRowWholeAndTheOthersRankOnly()
    {
        using var client = await fixture.Host.SignInAsync(TestCity.FirmUser(Shape.FirmA));

        var board = await client.GetFromJsonAsync<JsonElement>("/api/scores/maintenance-firms", Cancel);

        var scores = board.GetProperty("scores").EnumerateArray().ToList();
        scores.Count.ShouldBe(TestCity.Demo.Firms.Count);
        var own = scores.Single(s => s.GetProperty("firmId").GetString() == Shape.FirmA);
        // Lifts and escalators alike are maintained every 15 days.
        own.GetProperty("parts").GetProperty("elevators").GetInt32().ShouldBe(TestCity.Demo.Elevators.Count(e => e.MaintenanceFirmId == Shape.FirmA));
        scores.Where(s => s.GetProperty("firmId").GetString() != Shape.FirmA)
            .ShouldAllBe(s => s.GetProperty("parts").ValueKind == JsonValueKind.Null && s.GetProperty("score").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task Workbook_Exported_ReopensWithItsSheetsAndIsAudited()
    {
        using var client = await fixture.Host.SignInAsync($"operator-{Shape.District}");

        using var response = await client.GetAsync("/api/reports/monthly.xlsx?month=2026-11", Cancel);

        response.EnsureSuccessStatusCode();
        using var workbook = new MemoryStream(await response.Content.ReadAsByteArrayAsync(Cancel));
        MiniExcel.GetSheetNames(workbook).ShouldBe(["案件", "电梯报警", "电梯责任落实", "维保单位", "网格员积分", "物业服务企业"]);
        // The first row names the columns, even with no grid worker to list.
        ((IDictionary<string, object?>)MiniExcel.Query(workbook, sheetName: "网格员积分").First()).Values.Select(v => v?.ToString())
            .ShouldBe(["网格员", "网格", "积分", "加减分次数", "社区内排名", "街道内排名", "区县内排名"]);
        // Every property firm assessed by a street of the district, rated for the month, and none of another district's.
        var streets = TestCity.Demo.Districts.Single(d => d.Id == Shape.District).Streets.Select(s => s.Id).ToHashSet();
        var propertyFirms = MiniExcel.Query(workbook, useHeaderRow: true, sheetName: "物业服务企业").Cast<IDictionary<string, object?>>().ToList();
        propertyFirms.Select(row => row["物业服务企业"]?.ToString()).ShouldBe(
            TestCity.Demo.PropertyFirms.Where(f => streets.Contains(f.StreetId)).Select(f => f.Name), ignoreOrder: true);
        propertyFirms.ShouldAllBe(row => row["信用等级"] != null && row["星级"] != null);
        using var admin = await fixture.Host.SignInAsync("admin");
        var audit = await Eventually.ValueAsync(
            async () => (await admin.GetFromJsonAsync<JsonElement>("/api/audit?action=report-exported", Cancel)).GetProperty("items").EnumerateArray()
                .Where(e => e.GetProperty("actor").GetString() == $"operator-{Shape.District}").Select(e => (object)e).FirstOrDefault(),
            TimeSpan.FromSeconds(15), "the export in the audit log");
        var entry = (JsonElement)audit;
        entry.GetProperty("target").GetString().ShouldBe($"district/{Shape.District}");
        entry.GetProperty("detail").GetString()!.ShouldContain("2026-11");
    }
}
