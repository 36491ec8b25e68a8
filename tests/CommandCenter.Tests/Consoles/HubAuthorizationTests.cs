using System.Net;
using System.Text.Json;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using Microsoft.AspNetCore.SignalR;
using Shouldly;

namespace CommandCenter.Tests.Consoles;

/// <summary>
/// A firm's connection gets its own elevators' alarms and nothing else, whatever it asks the hub for;
/// the wall is for anonymous wall screens and operators. Each test raises alarms on lifts of its own.
/// </summary>
[Collection(ConsoleHostCollection.Name)]
public sealed class HubAuthorizationTests(ConsoleHostFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private static readonly (string A, string B) Firms = TestCity.TwoBusiestFirms();
    private readonly CommandCenterProcess _host = fixture.Host;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        _host.ErrorLines.ShouldBeEmpty();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task TrappedPassenger_OnFirmBsLift_ReachesFirmBAndTheWallButNeverFirmA()
    {
        var liftOfA = TestCity.ElevatorsOf(Firms.A)[0];
        var liftOfB = TestCity.ElevatorsOf(Firms.B)[0];
        await using var firmA = await LiveClient.ConnectAsync(_host.BaseUrl, await fixture.SignInAsync(TestCity.FirmUser(Firms.A)));
        await using var firmB = await LiveClient.ConnectAsync(_host.BaseUrl, await fixture.SignInAsync(TestCity.FirmUser(Firms.B)));
        await using var wall = await LiveClient.ConnectAsync(_host.BaseUrl, await fixture.SignInAsync("wall"));
        (await firmA.JoinFirmAsync(null)).FirmId.ShouldBe(Firms.A);
        (await firmB.JoinFirmAsync(null)).FirmId.ShouldBe(Firms.B);
        await wall.JoinWallAsync();

        await RaiseTrappedPassengerAsync(liftOfB);

        await firmB.WaitForAlarmOfAsync(liftOfB, Deadline);
        await wall.WaitForAlarmOfAsync(liftOfB, Deadline);
        // A fence: pushes to one connection arrive in order, so once firm A has its own later alarm,
        // firm B's earlier one would have arrived before it had it been sent to firm A at all.
        await RaiseTrappedPassengerAsync(liftOfA);
        await firmA.WaitForAlarmOfAsync(liftOfA, Deadline);
        firmA.Alarms.ShouldAllBe(alarm => alarm.FirmId == Firms.A);
        firmA.Alarms.ShouldNotContain(alarm => alarm.ElevatorId == liftOfB);
        firmA.Elevators.ShouldAllBe(elevator => MaintainedBy(elevator, Firms.A));
        firmB.Alarms.Where(alarm => alarm.ElevatorId == liftOfB).ShouldAllBe(alarm => alarm.FirmId == Firms.B);
    }

    [Fact]
    public async Task JoinFirm_FirmUserAsksForAnotherFirm_FailsAndJoinsNothing()
    {
        var liftOfB = TestCity.ElevatorsOf(Firms.B)[1];
        var liftOfA = TestCity.ElevatorsOf(Firms.A)[1];
        await using var firmA = await LiveClient.ConnectAsync(_host.BaseUrl, await fixture.SignInAsync(TestCity.FirmUser(Firms.A)));

        var refused = await Should.ThrowAsync<HubException>(() => firmA.JoinFirmAsync(Firms.B));
        var wallRefused = await Should.ThrowAsync<HubException>(firmA.JoinWallAsync);

        refused.Message.ShouldContain("'JoinFirm' because user is unauthorized");
        wallRefused.Message.ShouldContain("'JoinWall' because user is unauthorized");
        await RaiseTrappedPassengerAsync(liftOfB);
        // Only now joins its own firm, as the fence: its own alarm arrives, B's never did.
        await firmA.JoinFirmAsync(Firms.A);
        await RaiseTrappedPassengerAsync(liftOfA);
        await firmA.WaitForAlarmOfAsync(liftOfA, Deadline);
        firmA.Alarms.ShouldNotContain(alarm => alarm.ElevatorId == liftOfB);
        firmA.Elevators.ShouldAllBe(elevator => MaintainedBy(elevator, Firms.A));
    }

    [Fact]
    public async Task Anonymous_CannotConnect_AndAWallAccountJoinsTheWallButNoFirm()
    {
        var anonymous = await Should.ThrowAsync<HttpRequestException>(() => LiveClient.ConnectAsync(_host.BaseUrl));
        await using var wallScreen = await LiveClient.ConnectAsync(_host.BaseUrl, await fixture.SignInAsync("wall"));

        var namedFirm = await Should.ThrowAsync<HubException>(() => wallScreen.JoinFirmAsync(Firms.A));
        var wall = await wallScreen.JoinWallAsync();

        anonymous.StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
        namedFirm.Message.ShouldContain("unauthorized");
        wall.ShouldNotBeNull(); // answered, not refused
    }

    [Fact]
    public async Task JoinFirm_Reconnect_SnapshotHoldsTheFirmsOwnLiftsAndOpenAlarmsOnly()
    {
        var liftOfA = TestCity.ElevatorsOf(Firms.A)[2];
        var liftOfB = TestCity.ElevatorsOf(Firms.B)[2];
        await using var operatorClient = await LiveClient.ConnectAsync(_host.BaseUrl, await fixture.SignInAsync("operator"));
        await operatorClient.JoinWallAsync();
        await RaiseTrappedPassengerAsync(liftOfA);
        await RaiseTrappedPassengerAsync(liftOfB);
        await operatorClient.WaitForAlarmOfAsync(liftOfA, Deadline);
        await operatorClient.WaitForAlarmOfAsync(liftOfB, Deadline);

        await using var firmA = await LiveClient.ConnectAsync(_host.BaseUrl, await fixture.SignInAsync(TestCity.FirmUser(Firms.A)));
        var snapshot = await firmA.JoinFirmAsync(null);

        var alarms = snapshot.Alarms;
        alarms.ShouldContain(alarm => alarm.ElevatorId == liftOfA);
        alarms.ShouldAllBe(alarm => alarm.FirmId == Firms.A);
        snapshot.Elevators.ShouldAllBe(elevator => MaintainedBy(elevator, Firms.A));
        snapshot.Elevators.ShouldContain(e => e.Id == liftOfA);
    }

    [Fact]
    public async Task JoinFirm_Operator_MustNameAFirmAndMayWatchAny()
    {
        await using var operatorClient = await LiveClient.ConnectAsync(_host.BaseUrl, await fixture.SignInAsync("operator"));

        var unnamed = await Should.ThrowAsync<HubException>(() => operatorClient.JoinFirmAsync(null));
        var unknown = await Should.ThrowAsync<HubException>(() => operatorClient.JoinFirmAsync("FIRM-NOPE"));
        var snapshot = await operatorClient.JoinFirmAsync(Firms.B);

        unnamed.Message.ShouldContain("unauthorized");
        unknown.Message.ShouldContain("unauthorized");
        snapshot.FirmId.ShouldBe(Firms.B);
        snapshot.Alarms.ShouldAllBe(alarm => alarm.FirmId == Firms.B);
    }

    [Fact]
    public async Task FirmPage_FirmUserAsksForAnotherFirm_ShowsRefusalAndNoneOfItsLifts()
    {
        var cookies = await fixture.SignInAsync(TestCity.FirmUser(Firms.A));
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(_host.BaseUrl) };

        var own = await http.GetStringAsync("/firm", TestContext.Current.CancellationToken);
        var other = await http.GetStringAsync($"/firm?firmId={Firms.B}", TestContext.Current.CancellationToken);
        var desk = await http.GetAsync("/desk", TestContext.Current.CancellationToken);

        own.ShouldContain($"data-firm=\"{Firms.A}\"");
        TestCity.ElevatorsOf(Firms.B).ShouldAllBe(id => !own.Contains($"data-elevator=\"{id}\""));
        other.ShouldContain("data-testid=\"firm-problem\"");
        TestCity.ElevatorsOf(Firms.B).ShouldAllBe(id => !other.Contains(id));
        desk.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        desk.Headers.Location!.OriginalString.ShouldContain("/login");
    }

    [Fact]
    public async Task SignIn_WrongPassword_IsRefusedAndConsolesStayClosed()
    {
        var refused = await Should.ThrowAsync<InvalidOperationException>(() => ConsoleSignIn.SignInAsync(_host.BaseUrl, "operator", "not-the-password"));
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(_host.BaseUrl) };

        var firm = await http.GetAsync("/firm", TestContext.Current.CancellationToken);

        refused.Message.ShouldContain("error=invalid");
        firm.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        firm.Headers.Location!.OriginalString.ShouldContain("/login?ReturnUrl=%2Ffirm");
    }

    private static bool MaintainedBy(LiveElevator elevator, string firmId) =>
        TestCity.Demo.Elevators.Single(e => e.Id == elevator.Id).MaintenanceFirmId == firmId;

    /// <summary>The lift reports its status (so it has a live snapshot), then a trapped passenger.</summary>
    private async Task RaiseTrappedPassengerAsync(string elevatorId)
    {
        await using var device = await MqttTestClient.ConnectAsync(_host.MqttPort, elevatorId);
        var status = await device.PublishAsync(Topics.ElevatorStatus(elevatorId), StatusJson.For(elevatorId, 1, 7));
        var alarm = await device.PublishAsync(Topics.For(MessageKind.ElevatorEvent, elevatorId), EventJson.Raised(elevatorId, 2, FaultCodes.TrappedPassenger));
        status.IsSuccess.ShouldBeTrue(status.ReasonString);
        alarm.IsSuccess.ShouldBeTrue(alarm.ReasonString);
    }
}
