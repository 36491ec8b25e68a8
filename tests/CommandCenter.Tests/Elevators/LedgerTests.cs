using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Auth;
using CommandCenter.Grains.City;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using Shouldly;

namespace CommandCenter.Tests.Elevators;

/// <summary>
/// One command center of the ledger tests' own (the demo city), so the alarm they open meets no other test's,
/// with a trapped passenger reported by phone on <see cref="Lift"/>: the ledger is read, never changed.
/// </summary>
public sealed class LedgerHostFixture : IAsyncLifetime
{
    public const string CallerPhone = "13800138000";

    private static readonly CityDirectory Places = new(TestCity.Demo);

    // A lift of the unit the demo seeds a user for, so every kind of reader can be asked.
    public static ElevatorPlace Lift { get; } =
        Places.FindElevator(TestCity.Demo.Elevators.First(e => e.UserUnitId == TestCity.Demo.Units[0].Id && !e.Escalator).Id)!;

    public DemoCityHost City { get; private set; } = default!;

    public string AlarmId { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        City = await DemoCityHost.StartAsync();
        using var desk = await City.Host.SignInAsync("operator");
        using var reported = await desk.PostAsJsonAsync(
            "/api/alarms/", new { elevatorId = Lift.Elevator.Id, code = FaultCodes.TrappedPassenger, callerName = "张女士", callerPhone = CallerPhone, note = (string?)null });
        reported.IsSuccessStatusCode.ShouldBeTrue(await reported.Content.ReadAsStringAsync());
        AlarmId = (await reported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public ValueTask DisposeAsync() => City.DisposeAsync();
}

/// <summary>The elevator ledger (一梯一档) of the real process: <c>GET /api/elevators/{id}/ledger</c> and the page <c>/elevators/{id}</c>.</summary>
public sealed class LedgerTests(LedgerHostFixture fixture) : IClassFixture<LedgerHostFixture>
{
    private static readonly ElevatorPlace Lift = LedgerHostFixture.Lift;
    private readonly DemoCityHost _city = fixture.City;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string LedgerPath => $"/api/elevators/{Lift.Elevator.Id}/ledger";

    [Fact]
    public async Task Ledger_OfADemoElevatorWithAPhoneReportedAlarm_ShowsItsPeopleWithPhonesDutiesAndTheOpenAlarm()
    {
        var officer = Lift.Elevator.SafetyOfficer;
        var director = Lift.Unit.SafetyDirector;
        var onCall = Lift.Firm.OnCall[0];
        new[] { officer, director, onCall }.ShouldAllBe(contact => contact.HasPhone, "the demo city has version 3 phone numbers");
        using var desk = await _city.Host.SignInAsync("operator");
        var alarmId = fixture.AlarmId;

        foreach (var reader in new[] { "operator", $"firm-{Lift.Firm.Id}", $"unit-{Lift.Unit.Id}" })
        {
            using var client = await _city.Host.SignInAsync(reader);
            var ledger = await client.GetFromJsonAsync<JsonElement>(LedgerPath, Cancel);

            (ledger.GetProperty("id").GetString(), ledger.GetProperty("registrationCode").GetString(), ledger.GetProperty("address").GetString())
                .ShouldBe((Lift.Elevator.Id, Lift.Elevator.RegistrationCode, Lift.Elevator.Address), reader);
            ledger.GetProperty("escalator").GetBoolean().ShouldBe(Lift.Elevator.Escalator);
            var place = ledger.GetProperty("place");
            (place.GetProperty("district").GetString(), place.GetProperty("street").GetString(), place.GetProperty("community").GetString(), place.GetProperty("grid").GetString())
                .ShouldBe((Lift.Place.District.Name, Lift.Place.Street.Name, Lift.Place.Community.Name, Lift.Place.Grid.Name));
            ledger.GetProperty("userUnit").GetProperty("name").GetString().ShouldBe(Lift.Unit.Name);
            ContactOf(ledger.GetProperty("safetyOfficer")).ShouldBe((officer.Name, officer.Phone), reader);
            ContactOf(ledger.GetProperty("safetyDirector")).ShouldBe((director.Name, director.Phone), reader);
            var firm = ledger.GetProperty("maintenanceFirm");
            firm.GetProperty("id").GetString().ShouldBe(Lift.Firm.Id);
            ContactOf(firm.GetProperty("onCall")).ShouldBe((onCall.Name, onCall.Phone), reader);
            ledger.GetProperty("phonesMasked").GetBoolean().ShouldBeFalse(reader);

            // Duty standing as /duties answers it, nothing filed yet: tracked from the city file.
            var duties = await client.GetFromJsonAsync<JsonElement>($"/api/elevators/{Lift.Elevator.Id}/duties", Cancel);
            ledger.GetProperty("duties").GetProperty("daily").GetProperty("status").GetString()
                .ShouldBe(duties.GetProperty("daily").GetProperty("status").GetString());

            var open = ledger.GetProperty("openAlarms").EnumerateArray().ShouldHaveSingleItem();
            (open.GetProperty("id").GetString(), open.GetProperty("code").GetString()).ShouldBe((alarmId, FaultCodes.TrappedPassenger));
            open.GetProperty("caller").GetProperty("phone").GetString().ShouldBe(LedgerHostFixture.CallerPhone);
            ledger.GetProperty("closedAlarms").GetProperty("total").GetInt32().ShouldBe(0);
            ledger.GetProperty("records").GetProperty("total").GetInt32().ShouldBe(0);
            var history = ledger.GetProperty("history");
            history.GetProperty("chart").GetString().ShouldBe($"/api/elevators/{Lift.Elevator.Id}/history?minutes=1440");
            history.GetProperty("records").GetString().ShouldBe($"/api/elevators/{Lift.Elevator.Id}/records");
        }

        // The page shows the same ledger, rendered on the server with its data.
        var page = await desk.GetStringAsync($"/elevators/{Lift.Elevator.Id}", Cancel);
        page.ShouldContain("data-testid=\"ledger-officer\"");
        page.ShouldContain(officer.Phone);
        page.ShouldContain(onCall.Phone);
        page.ShouldContain($"data-alarm=\"{alarmId}\"");
    }

    [Fact]
    public async Task Ledger_OnAWallScreen_MasksEveryPhoneNumber()
    {
        using var wall = await _city.Host.SignInAsync("wall");

        var ledger = await wall.GetFromJsonAsync<JsonElement>(LedgerPath, Cancel);

        ledger.GetProperty("phonesMasked").GetBoolean().ShouldBeTrue();
        ledger.GetProperty("safetyOfficer").GetProperty("phone").GetString().ShouldBe(PhoneMask.Mask(Lift.Elevator.SafetyOfficer.Phone));
        ledger.GetProperty("safetyDirector").GetProperty("phone").GetString().ShouldBe(PhoneMask.Mask(Lift.Unit.SafetyDirector.Phone));
        ledger.GetProperty("maintenanceFirm").GetProperty("onCall").GetProperty("phone").GetString().ShouldBe(PhoneMask.Mask(Lift.Firm.OnCall[0].Phone));
        ledger.GetProperty("openAlarms")[0].GetProperty("caller").GetProperty("phone").GetString().ShouldBe("138****8000");
        (await wall.GetStringAsync($"/elevators/{Lift.Elevator.Id}", Cancel)).ShouldNotContain(Lift.Elevator.SafetyOfficer.Phone);
    }

    [Fact]
    public async Task Ledger_ForAnotherFirmOrAnUnknownElevator_IsRefusedSayingWhy()
    {
        var otherFirm = TestCity.Demo.Firms.First(f => f.Id != Lift.Firm.Id).Id;
        using var stranger = await _city.Host.SignInAsync($"firm-{otherFirm}");
        using var desk = await _city.Host.SignInAsync("operator");

        using var refused = await stranger.GetAsync(LedgerPath, Cancel);
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var detail = (await refused.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString()!;
        detail.ShouldContain(Lift.Elevator.Id);
        detail.ShouldContain(otherFirm);
        (await desk.GetAsync("/api/elevators/EL-NOWHERE/ledger", Cancel)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // The page lets the firm user in but says why instead of showing the ledger.
        var page = await stranger.GetStringAsync($"/elevators/{Lift.Elevator.Id}", Cancel);
        page.ShouldContain("data-testid=\"ledger-problem\"");
        page.ShouldNotContain(Lift.Elevator.SafetyOfficer.Phone);
    }

    private static (string?, string?) ContactOf(JsonElement contact) => (contact.GetProperty("name").GetString(), contact.GetProperty("phone").GetString());
}
