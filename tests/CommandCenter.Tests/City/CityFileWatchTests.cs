using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using Shouldly;

namespace CommandCenter.Tests.City;

/// <summary>
/// What a silo that did not apply an import does: it notices the shared city file was replaced and switches to it, and
/// keeps its city when the file put in its place does not load. On a real command center of its own.
/// </summary>
public sealed class CityFileWatchTests(CityImportHostFixture fixture) : IClassFixture<CityImportHostFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly CommandCenterProcess _host = fixture.City.Host;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CityFileReplaced_ByAnotherSilosImportOrByHand_SwitchesWithinTheCheckIntervalAndABrokenFileChangesNothing()
    {
        var change = CityImportChange.Of(TestCity.Demo);
        var cityPath = Path.Combine(_host.DataFolder, CityTopologyFile.FileName);

        CityTopologyFile.Save(cityPath, change.After);

        await Eventually.TrueAsync(async () => (await LotIdsAsync()).Contains(CityImportChange.AddedLotId), Deadline, "the replaced city's new lot to be listed");
        (await LotIdsAsync()).ShouldNotContain(change.RetiredLot.Id);
        var streetKey = $"street/{change.Before.Districts[0].Streets[0].Id}";
        (await _host.Http.GetFromJsonAsync<JsonElement>($"/api/areas/{streetKey}", Cancel)).GetProperty("name").GetString()
            .ShouldBe(change.After.Districts[0].Streets[0].Name);

        // Half a file (or a hand edit that breaks it): logged once, and the city switched to above stays.
        var temporary = cityPath + ".broken";
        await File.WriteAllTextAsync(temporary, """{ "version": 6, "name": "broken" """, Cancel);
        File.Move(temporary, cityPath, overwrite: true);
        await Eventually.TrueAsync(
            () => Task.FromResult(_host.Log.Lines.Any(line => line.Contains("changed but does not load", StringComparison.Ordinal))), Deadline,
            "the broken city file to be reported");
        (await LotIdsAsync()).ShouldContain(CityImportChange.AddedLotId);
        (await _host.Http.GetFromJsonAsync<JsonElement>("/api/city", Cancel)).GetProperty("summary").GetProperty("name").GetString().ShouldBe(change.After.Name);
    }

    private async Task<IReadOnlyList<string>> LotIdsAsync() =>
        [.. (await _host.Http.GetFromJsonAsync<JsonElement>("/api/parking/lots/", Cancel)).EnumerateArray().Select(l => l.GetProperty("id").GetString()!)];
}
