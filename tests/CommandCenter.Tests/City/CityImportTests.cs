using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using MQTTnet;
using Shouldly;

namespace CommandCenter.Tests.City;

/// <summary>A command center of its own for city imports: an import changes the city, which no other test may see.</summary>
public sealed class CityImportHostFixture : IAsyncLifetime
{
    public DemoCityHost City { get; private set; } = default!;

    public async ValueTask InitializeAsync() => City = await DemoCityHost.StartAsync();

    public ValueTask DisposeAsync() => City.DisposeAsync();
}

/// <summary>
/// An admin imports an updated city file into a running command center (real process, real broker, real influxd):
/// refused files change nothing and say why; an applied one tracks its new elevators live and retires the gone ones,
/// whose devices are refused with the reason and whose history stays readable.
/// </summary>
public sealed class CityImportTests(CityImportHostFixture fixture) : IClassFixture<CityImportHostFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly CommandCenterProcess _host = fixture.City.Host;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private string CityPath => Path.Combine(_host.DataFolder, CityTopologyFile.FileName);

    [Fact]
    public async Task Upload_InvalidCity_RefusedListingEveryProblemAndNothingStagedOrApplied()
    {
        using var admin = await _host.SignInAsync("admin");
        var city = TestCity.Demo;
        var duplicate = city.Elevators[0] with { GridId = "GRID-NOWHERE" };
        var broken = city with { Elevators = [.. city.Elevators, duplicate] };
        var before = await File.ReadAllBytesAsync(CityPath, Cancel);

        using var response = await admin.PostAsync("/api/city/imports/", Json(broken), Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        problem.GetProperty("detail").GetString().ShouldBe("城市文件无效：共 2 处问题（见下列）；未应用任何更改");
        problem.GetProperty("errors").EnumerateArray().Select(e => e.GetString()).ShouldBe(
        [
            $"电梯 {duplicate.Id}：编号重复",
            $"电梯 {duplicate.Id}：网格“GRID-NOWHERE”不存在",
        ]);
        (await File.ReadAllBytesAsync(CityPath, Cancel)).ShouldBe(before);
        (await admin.GetFromJsonAsync<JsonElement>("/api/city/imports/", Cancel)).GetArrayLength().ShouldBe(0);
        // The same refusal for a reader of English, each problem as the validator words it.
        using var english = await admin.PostAsync("/api/city/imports/?lang=en", Json(broken), Cancel);
        var englishProblem = await english.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        englishProblem.GetProperty("detail").GetString().ShouldBe("The city file is not valid: 2 problems, listed below; nothing was applied");
        englishProblem.GetProperty("errors").EnumerateArray().Select(e => e.GetString()).ShouldBe(
        [
            $"elevator {duplicate.Id}: id is used twice",
            $"elevator {duplicate.Id}: grid 'GRID-NOWHERE' does not exist",
        ]);

        var audit = await admin.GetFromJsonAsync<JsonElement>("/api/audit?action=city-import-refused", Cancel);
        audit.GetProperty("items").EnumerateArray().ShouldContain(entry =>
            entry.GetProperty("actor").GetString() == "admin" && entry.GetProperty("detail").GetString()!.Contains("GRID-NOWHERE"));
    }

    [Fact]
    public async Task Apply_AddedAndRetiredElevators_NewOneTrackedLiveRetiredOneRefusedWithItsHistoryKept()
    {
        using var admin = await _host.SignInAsync("admin");
        var change = CityImportChange.Of(TestCity.Demo);
        var retired = change.Retired.Id;
        var original = await File.ReadAllBytesAsync(CityPath, Cancel);

        // The elevator to be retired reports first: it counts in its grid and has history.
        await using var retiredDevice = await MqttTestClient.ConnectAsync(_host.MqttPort, retired, retired, TestDevices.SecretFor(retired), new MqttTestConnection());
        (await retiredDevice.PublishAsync(Topics.ElevatorStatus(retired), StatusJson.For(retired, 1, 3))).IsSuccess.ShouldBeTrue();
        await Eventually.TrueAsync(async () => (await SourcesOfAsync(change.Retired.GridId)).Contains(retired), Deadline, $"{retired} to count in grid {change.Retired.GridId}");
        await Eventually.TrueAsync(async () => (await HistoryOfAsync(retired)).GetArrayLength() > 0, Deadline, $"{retired}'s status in its history");
        // Every lot reports its occupancy once read; the retired lot counts in its grid, the retired lift in its grid's duties.
        (await LotIdsAsync()).ShouldContain(change.RetiredLot.Id);
        await Eventually.TrueAsync(async () => (await SourcesOfAsync(change.RetiredLot.GridId)).Contains(change.RetiredLot.Id), Deadline, $"{change.RetiredLot.Id} to count in its grid");
        await Eventually.TrueAsync(async () => await DutyElevatorsInAsync(change.Retired.GridId) > 0, Deadline, $"grid {change.Retired.GridId}'s duties to count its lifts");
        var dutiesBefore = await DutyElevatorsInAsync(change.Retired.GridId);

        // Staged: the difference is shown, nothing is applied.
        using var staged = await admin.PostAsync("/api/city/imports/", Json(change.After), Cancel);
        staged.StatusCode.ShouldBe(HttpStatusCode.Created, await staged.Content.ReadAsStringAsync(Cancel));
        var import = await staged.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var id = import.GetProperty("id").GetString()!;
        var elevators = import.GetProperty("difference").GetProperty("elevators");
        Ids(elevators, "added").ShouldBe([CityImportChange.AddedElevatorId]);
        Ids(elevators, "changed").ShouldBe([change.Readdressed.Id]);
        Ids(elevators, "retired").ShouldBe([retired]);
        (await File.ReadAllBytesAsync(CityPath, Cancel)).ShouldBe(original);
        (await admin.GetFromJsonAsync<JsonElement>($"/api/city/imports/{id}", Cancel)).GetProperty("id").GetString().ShouldBe(id);

        // A second upload compared with the same city: once the first is applied, it no longer applies.
        var renamed = TestCity.Demo with { Name = TestCity.Demo.Name + "（另一版本）" };
        using var other = await admin.PostAsync("/api/city/imports/", Json(renamed), Cancel);
        var otherId = (await other.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString()!;

        using var applying = await admin.PostAsync($"/api/city/imports/{id}/apply", null, Cancel);
        applying.StatusCode.ShouldBe(HttpStatusCode.OK, await applying.Content.ReadAsStringAsync(Cancel));
        var applied = await applying.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var secret = applied.GetProperty("devices").EnumerateArray()
            .Single(d => d.GetProperty("id").GetString() == CityImportChange.AddedElevatorId).GetProperty("secret").GetString()!;
        applied.GetProperty("retiredDevices").EnumerateArray().Select(d => d.GetString()).ShouldContain(retired);

        // The old file is archived whole; the new one is in place.
        var archive = Path.Combine(_host.DataFolder, "city-archive", applied.GetProperty("archive").GetString()!, CityTopologyFile.FileName);
        (await File.ReadAllBytesAsync(archive, Cancel)).ShouldBe(original);
        CityTopologyFile.Load(CityPath).Elevators.Select(e => e.Id).ShouldContain(CityImportChange.AddedElevatorId);

        // The new elevator reports over MQTT with the secret it was given and counts in its grid at once.
        await using (var added = await MqttTestClient.ConnectAsync(
            _host.MqttPort, CityImportChange.AddedElevatorId, CityImportChange.AddedElevatorId, secret, new MqttTestConnection()))
        {
            (await added.PublishAsync(Topics.ElevatorStatus(CityImportChange.AddedElevatorId), StatusJson.For(CityImportChange.AddedElevatorId, 1, 5))).IsSuccess.ShouldBeTrue();
        }

        await Eventually.TrueAsync(
            async () => (await SourcesOfAsync(change.Added.GridId)).Contains(CityImportChange.AddedElevatorId), Deadline,
            $"{CityImportChange.AddedElevatorId} to count in grid {change.Added.GridId}");

        // The retired one: its session is closed, it is refused with the reason, it left its grid, its history stays.
        await Eventually.TrueAsync(() => Task.FromResult(!retiredDevice.IsConnected), Deadline, $"{retired}'s session to be closed");
        var refused = await Should.ThrowAsync<MqttConnectionRefusedException>(
            () => MqttTestClient.ConnectAsync(_host.MqttPort, retired, retired, TestDevices.SecretFor(retired), new MqttTestConnection()));
        refused.Code.ShouldBe(MqttClientConnectResultCode.BadUserNameOrPassword);
        refused.Reason.ShouldNotBeNull().ShouldContain($"device '{retired}' was retired from the city");
        var letters = await _host.Http.GetFromJsonAsync<JsonElement>($"/api/deadletters?reason=UnknownDevice&deviceId={retired}&limit=10", Cancel);
        letters.GetProperty("items").EnumerateArray().ShouldContain(l => l.GetProperty("detail").GetString()!.Contains("was retired from the city"));
        await Eventually.TrueAsync(async () => !(await SourcesOfAsync(change.Retired.GridId)).Contains(retired), Deadline, $"{retired} to leave grid {change.Retired.GridId}");
        (await HistoryOfAsync(retired)).GetArrayLength().ShouldBeGreaterThan(0);
        await Eventually.TrueAsync(async () => await DutyElevatorsInAsync(change.Retired.GridId) == dutiesBefore - 1, Deadline, $"grid {change.Retired.GridId}'s duties to drop {retired}");

        // The retired lot leaves its grid and the list; the added one is listed.
        await Eventually.TrueAsync(async () => !(await SourcesOfAsync(change.RetiredLot.GridId)).Contains(change.RetiredLot.Id), Deadline, $"{change.RetiredLot.Id} to leave its grid");
        var lots = await LotIdsAsync();
        lots.ShouldNotContain(change.RetiredLot.Id);
        lots.ShouldContain(CityImportChange.AddedLotId);
        (await _host.Http.GetAsync($"/api/elevators/{retired}/ledger", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var audit = await admin.GetFromJsonAsync<JsonElement>($"/api/audit?action=city-import-applied&target={id}", Cancel);
        var entry = audit.GetProperty("items").EnumerateArray().Single();
        entry.GetProperty("actor").GetString().ShouldBe("admin");
        entry.GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain("elevators +1 ~1 -1");
        (await admin.PostAsync($"/api/city/imports/{id}/apply", null, Cancel)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // The retired lift is off the live list; the import staged against the old city is refused, then dropped.
        (await _host.Http.GetFromJsonAsync<JsonElement>("/api/elevators/", Cancel)).EnumerateArray()
            .Select(e => e.GetProperty("id").GetString()).ShouldNotContain(retired);
        using var stale = await admin.PostAsync($"/api/city/imports/{otherId}/apply", null, Cancel);
        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await stale.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString()
            .ShouldBe($"上传导入“{otherId}”之后城市文件已变更：请重新上传，以查看与当前城市的差异");
        (await admin.DeleteAsync($"/api/city/imports/{otherId}", Cancel)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await admin.GetFromJsonAsync<JsonElement>("/api/city/imports/", Cancel)).GetArrayLength().ShouldBe(0);
    }

    private async Task<IReadOnlyList<string>> SourcesOfAsync(string gridId)
    {
        var area = await _host.Http.GetFromJsonAsync<JsonElement>($"/api/areas/grid/{gridId}", Cancel);
        return [.. area.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("key").GetString()!)];
    }

    private async Task<long> DutyElevatorsInAsync(string gridId)
    {
        var area = await _host.Http.GetFromJsonAsync<JsonElement>($"/api/areas/grid/{gridId}", Cancel);
        return area.GetProperty("stats").TryGetProperty("duty.elevators", out var count) ? count.GetInt64() : 0;
    }

    private async Task<IReadOnlyList<string>> LotIdsAsync() =>
        [.. (await _host.Http.GetFromJsonAsync<JsonElement>("/api/parking/lots/", Cancel)).EnumerateArray().Select(l => l.GetProperty("id").GetString()!)];

    private Task<JsonElement> HistoryOfAsync(string elevatorId) =>
        _host.Http.GetFromJsonAsync<JsonElement>($"/api/elevators/{elevatorId}/history?minutes=60", Cancel);

    private static IReadOnlyList<string> Ids(JsonElement changes, string which) =>
        [.. changes.GetProperty(which).EnumerateArray().Select(e => e.GetString()!)];

    private static StringContent Json(CityTopology city) =>
        new(JsonSerializer.Serialize(city, ProtocolJson.Default.CityTopology), Encoding.UTF8, "application/json");
}
