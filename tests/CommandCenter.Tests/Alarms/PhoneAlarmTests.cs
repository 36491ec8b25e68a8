using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Grains.City;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using Shouldly;

namespace CommandCenter.Tests.Alarms;

/// <summary>
/// A trapped passenger reported on the 96333 line: the operator opens the alarm through
/// <c>POST /api/alarms</c> and it is dispatched and timed as a device's would be, on a command center of
/// this class's own (the demo city), so its alarms meet no other test's.
/// </summary>
public sealed class PhoneAlarmTests : IAsyncLifetime
{
    private static readonly CityDirectory City = new(TestCity.Demo);
    private DemoCityHost _city = default!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _city = await DemoCityHost.StartAsync();

    public ValueTask DisposeAsync() => _city.DisposeAsync();

    [Fact]
    public async Task Report_TrappedPassengerByPhone_IsDispatchedToTheElevatorsFirmWithTheArrivalLimitAndASecondCallJoinsIt()
    {
        var lift = TestCity.Demo.Elevators[0].Id;
        var firm = City.FindElevator(lift)!.Firm.Id;
        using var desk = await _city.Host.SignInAsync("operator");

        using var first = await desk.PostAsJsonAsync("/api/alarms/", Report(lift, "张女士", "138-0013-8000", "3 楼卡住，两人被困"), Cancel);
        first.StatusCode.ShouldBe(HttpStatusCode.Created, await first.Content.ReadAsStringAsync(Cancel));
        var alarm = await first.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        alarm.GetProperty("source").GetString().ShouldBe("Phone");
        alarm.GetProperty("caller").GetProperty("phone").GetString().ShouldBe("138-0013-8000");
        alarm.GetProperty("status").GetString().ShouldBe("Occurred");
        var dispatch = alarm.GetProperty("dispatches")[0];
        dispatch.GetProperty("firmId").GetString().ShouldBe(firm);
        dispatch.GetProperty("arrivalDueAt").ValueKind.ShouldBe(JsonValueKind.String, "a trapped passenger runs the 30-minute arrival limit");
        var opened = alarm.GetProperty("steps")[0];
        (opened.GetProperty("actor").GetString(), opened.GetProperty("comment").GetString()).ShouldBe(("operator", "3 楼卡住，两人被困"));

        using var second = await desk.PostAsJsonAsync("/api/alarms/", Report(lift, "李先生", "13900139000", null), Cancel);
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await second.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString().ShouldBe(alarm.GetProperty("id").GetString());

        // The firm sees it at once, as it sees a device's, and the audit log names who took each call.
        using var firmConsole = await _city.Host.SignInAsync($"firm-{firm}");
        var listed = await firmConsole.GetFromJsonAsync<JsonElement>("/api/alarms", Cancel);
        listed.EnumerateArray().Select(a => a.GetProperty("id").GetString()).ShouldContain(alarm.GetProperty("id").GetString());
        using var admin = await _city.Host.SignInAsync("admin");
        var audit = await admin.GetFromJsonAsync<JsonElement>("/api/audit?action=alarm-reported", Cancel);
        audit.GetProperty("items").EnumerateArray().Select(e => (e.GetProperty("actor").GetString(), e.GetProperty("detail").GetString()))
            .ShouldBe([("operator", "96333, code 11: joined the open alarm"), ("operator", "96333, code 11")]);
    }

    [Fact]
    public async Task Report_BadFieldsOutOfScopeOrByAFirm_IsRefusedSayingWhyAndOpensNothing()
    {
        var liftElsewhere = TestCity.Demo.Elevators.First(e => City.FindElevator(e.Id)!.Place.District.Id != TestCity.Demo.Districts[0].Id).Id;
        var firm = City.FindElevator(liftElsewhere)!.Firm.Id;
        using var desk = await _city.Host.SignInAsync("operator");
        using var districtDesk = await _city.Host.SignInAsync($"operator-{TestCity.Demo.Districts[0].Id}");
        using var firmConsole = await _city.Host.SignInAsync($"firm-{firm}");

        using var bad = await desk.PostAsJsonAsync("/api/alarms/", new { elevatorId = liftElsewhere, code = "99", callerName = "", callerPhone = "call me", note = new string('x', 2001) }, Cancel);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problems = await bad.Content.ReadAsStringAsync(Cancel);
        foreach (var field in new[] { "code:", "callerName:", "callerPhone:", "note:" })
        {
            problems.ShouldContain(field);
        }

        (await desk.PostAsJsonAsync("/api/alarms/", Report("EL-NOWHERE", "王", "13800138000", null), Cancel)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // A code of the other kind of installation, as a device's would be.
        var escalator = TestCity.Demo.Elevators.First(e => e.Escalator).Id;
        using var trappedOnAnEscalator = await desk.PostAsJsonAsync("/api/alarms/", Report(escalator, "王", "13800138000", null), Cancel);
        trappedOnAnEscalator.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await trappedOnAnEscalator.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString().ShouldBe("code: 11 是直梯故障代码；扶梯可用：61, 62, 63, 64, 65, 90。");
        using var stepOfALift = await desk.PostAsJsonAsync("/api/alarms/", new { elevatorId = liftElsewhere, code = "64", callerName = "王", callerPhone = "13800138000" }, Cancel);
        stepOfALift.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await stepOfALift.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString().ShouldBe("code: 64 是扶梯故障代码；直梯可用：01, 02, 03, 04, 05, 06, 07, 08, 09, 10, 11, 90。");
        (await districtDesk.PostAsJsonAsync("/api/alarms/", Report(liftElsewhere, "王", "13800138000", null), Cancel)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await firmConsole.PostAsJsonAsync("/api/alarms/", Report(liftElsewhere, "王", "13800138000", null), Cancel)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await desk.GetFromJsonAsync<JsonElement>("/api/alarms", Cancel)).GetArrayLength().ShouldBe(0);
    }

    private static object Report(string elevatorId, string callerName, string callerPhone, string? note) =>
        new { elevatorId, code = FaultCodes.TrappedPassenger, callerName, callerPhone, note };
}
