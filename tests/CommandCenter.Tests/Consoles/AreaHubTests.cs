using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Grains.City;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using Microsoft.AspNetCore.SignalR;
using Shouldly;

namespace CommandCenter.Tests.Consoles;

/// <summary>
/// District and grid screens: a snapshot of their area on join, then only their area's elevator and
/// alarm changes; firm accounts may not join them. Uses lifts no other test of the collection touches.
/// </summary>
[Collection(ConsoleHostCollection.Name)]
public sealed class AreaHubTests(ConsoleHostFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private static readonly CityDirectory City = new(TestCity.Demo);
    private readonly CommandCenterProcess _host = fixture.Host;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        _host.ErrorLines.ShouldBeEmpty();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task JoinArea_WallScreenWatchesADistrict_GetsItsSnapshotThenOnlyItsChanges()
    {
        var (here, elsewhere) = LiftsInTwoDistricts();
        var district = City.FindElevator(here)!.Place.District.Id;
        await using var device = await MqttTestClient.ConnectAsync(_host.MqttPort, here);
        await device.PublishAsync(Topics.ElevatorStatus(here), StatusJson.For(here, 1, 4));
        await WaitForApiFloorAsync(here, 4);
        await using var screen = await LiveClient.ConnectAsync(_host.BaseUrl, await fixture.SignInAsync("wall"));

        var snapshot = await screen.JoinAreaAsync($"district/{district}");

        snapshot.AreaKey.ShouldBe($"district/{district}");
        var lifts = snapshot.Elevators;
        lifts.ShouldContain(e => e.Id == here && e.Status!.Floor == 4);
        lifts.ShouldAllBe(e => City.FindElevator(e.Id)!.Place.District.Id == district);
        // Changes elsewhere first, then here as the fence: pushes to one connection keep their order.
        await RaiseTrappedPassengerAsync(elsewhere, floor: 9);
        await device.PublishAsync(Topics.ElevatorStatus(here), StatusJson.For(here, 2, 5));
        await device.PublishAsync(Topics.For(MessageKind.ElevatorEvent, here), EventJson.Raised(here, 3, FaultCodes.TrappedPassenger));
        await screen.WaitForFloorAsync(here, 5, Deadline);
        await screen.WaitForAlarmOfAsync(here, Deadline);
        screen.Elevators.ShouldNotContain(e => e.Id == elsewhere);
        screen.Alarms.ShouldNotContain(a => a.ElevatorId == elsewhere);
    }

    [Fact]
    public async Task JoinArea_OperatorWatchesAGrid_GetsOnlyThatGridsAlarms()
    {
        var (here, neighbour) = LiftsInTwoGridsOfOneDistrict();
        var grid = City.FindElevator(here)!.Place.Grid.Id;
        await using var screen = await LiveClient.ConnectAsync(_host.BaseUrl, await fixture.SignInAsync("operator"));

        var snapshot = await screen.JoinAreaAsync($"grid/{grid}");
        await RaiseTrappedPassengerAsync(neighbour, floor: 2);
        await RaiseTrappedPassengerAsync(here, floor: 3);

        snapshot.Name.ShouldBe(City.FindGrid(grid)!.Grid.Name);
        await screen.WaitForAlarmOfAsync(here, Deadline);
        screen.Alarms.ShouldNotContain(a => a.ElevatorId == neighbour);
        screen.Elevators.ShouldAllBe(e => City.FindElevator(e.Id)!.Place.Grid.Id == grid);
    }

    [Fact]
    public async Task JoinArea_FirmUserOrNotADistrictOrGrid_IsRefusedAndTheLogSaysWhy()
    {
        var (firm, _) = TestCity.TwoBusiestFirms();
        var lift = City.FindElevator(TestCity.ElevatorsOf(firm)[0])!.Place;
        await using var firmClient = await LiveClient.ConnectAsync(_host.BaseUrl, await fixture.SignInAsync(TestCity.FirmUser(firm)));
        await using var wall = await LiveClient.ConnectAsync(_host.BaseUrl, await fixture.SignInAsync("wall"));

        var ownDistrict = await Should.ThrowAsync<HubException>(() => firmClient.JoinAreaAsync($"district/{lift.District.Id}"));
        var ownGrid = await Should.ThrowAsync<HubException>(() => firmClient.JoinAreaAsync($"grid/{lift.Grid.Id}"));
        var unknown = await Should.ThrowAsync<HubException>(() => wall.JoinAreaAsync("district/NOPE"));
        var city = await Should.ThrowAsync<HubException>(() => wall.JoinAreaAsync("city"));

        new[] { ownDistrict, ownGrid, unknown, city }.ShouldAllBe(refusal => refusal.Message.Contains("'JoinArea' because user is unauthorized"));
        await Eventually.TrueAsync(
            () => Task.FromResult(_host.Log.Lines.Any(line => line.Contains("'district/NOPE' is not a district or grid of the city", StringComparison.Ordinal))),
            Deadline,
            "the refusal's reason in the log");
    }

    /// <summary>Lifts the other tests of the collection leave alone: not among the first three (hub) or the last (REST) of the two busiest firms.</summary>
    internal static IReadOnlyList<ElevatorPlace> UntouchedLifts()
    {
        var (a, b) = TestCity.TwoBusiestFirms();
        var touched = new[] { a, b }.SelectMany(firm => TestCity.ElevatorsOf(firm).Take(3).Append(TestCity.ElevatorsOf(firm)[^1])).ToHashSet();
        return [.. TestCity.Demo.Elevators.Where(e => !e.Escalator && !touched.Contains(e.Id)).Select(e => City.FindElevator(e.Id)!)];
    }

    private static (string Here, string Elsewhere) LiftsInTwoDistricts()
    {
        var lifts = UntouchedLifts();
        var here = lifts[0];
        return (here.Elevator.Id, lifts.First(l => l.Place.District.Id != here.Place.District.Id).Elevator.Id);
    }

    private static (string Here, string Neighbour) LiftsInTwoGridsOfOneDistrict()
    {
        // Not the district test's lifts: each test raises alarms on lifts of its own.
        var (districtLift, otherDistrictLift) = LiftsInTwoDistricts();
        var pairs = UntouchedLifts().Where(l => l.Elevator.Id != districtLift && l.Elevator.Id != otherDistrictLift).ToList();
        var pair = pairs.SelectMany(x => pairs.Select(y => (x, y)))
            .First(p => p.x.Place.District.Id == p.y.Place.District.Id && p.x.Place.Grid.Id != p.y.Place.Grid.Id);
        return (pair.x.Elevator.Id, pair.y.Elevator.Id);
    }

    private async Task WaitForApiFloorAsync(string elevatorId, int floor) =>
        await Eventually.TrueAsync(
            async () => (await _host.Http.GetFromJsonAsync<JsonElement>($"/api/elevators/{elevatorId}")).GetProperty("status").GetProperty("floor").GetInt32() == floor,
            Deadline,
            $"{elevatorId} at floor {floor} in the API");

    private async Task RaiseTrappedPassengerAsync(string elevatorId, int floor)
    {
        await using var device = await MqttTestClient.ConnectAsync(_host.MqttPort, elevatorId);
        (await device.PublishAsync(Topics.ElevatorStatus(elevatorId), StatusJson.For(elevatorId, 1, floor))).IsSuccess.ShouldBeTrue();
        (await device.PublishAsync(Topics.For(MessageKind.ElevatorEvent, elevatorId), EventJson.Raised(elevatorId, 2, FaultCodes.TrappedPassenger))).IsSuccess.ShouldBeTrue();
    }
}
