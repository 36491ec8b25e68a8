using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using Shouldly;

namespace CommandCenter.Tests.EndToEnd;

/// <summary>
/// Escalators over a real broker into a real command center: their own topics and status, their own fault
/// codes, and a lift's codes refused from them (and the reverse) where operators see refusals.
/// </summary>
[Collection(CommandCenterCollection.Name)]
public sealed class EscalatorTests(CommandCenterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly CommandCenterProcess _host = fixture.Host;

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EscalatorStatus_PublishedOnItsTopic_IsItsLiveStateWithKindDirectionAndSpeed()
    {
        var escalator = TestDevices.NextEscalator();
        await using var device = await MqttTestClient.ConnectAsync(_host.MqttPort, escalator);

        var ack = await device.PublishAsync(Topics.EscalatorStatus(escalator), EscalatorJson.For(escalator, 1, EscalatorDirection.Down, 0.65));

        ack.IsSuccess.ShouldBeTrue(ack.ReasonString);
        var json = await Eventually.ValueAsync(
            async () => await _host.Http.GetAsync($"/api/elevators/{escalator}", Cancel) is { IsSuccessStatusCode: true } response
                ? await response.Content.ReadAsStringAsync(Cancel)
                : null,
            Deadline,
            $"{escalator}'s live state");
        var live = JsonDocument.Parse(json).RootElement;
        live.GetProperty("kind").GetString().ShouldBe("escalator");
        (live.TryGetProperty("status", out var status) ? status.ValueKind : JsonValueKind.Null).ShouldBe(JsonValueKind.Null);
        var steps = live.GetProperty("escalator");
        (steps.GetProperty("running").GetBoolean(), steps.GetProperty("direction").GetString(), steps.GetProperty("speed").GetDouble())
            .ShouldBe((true, "down", 0.65));
        steps.GetProperty("steps").GetString().ShouldBe("ok");
    }

    [Fact]
    public async Task EscalatorFault61_OpensAnAlarmThroughTheSameDispatch()
    {
        var escalator = TestDevices.NextEscalator();
        await using var device = await MqttTestClient.ConnectAsync(_host.MqttPort, escalator);
        (await device.PublishAsync(Topics.EscalatorStatus(escalator), EscalatorJson.For(escalator, 1))).IsSuccess.ShouldBeTrue();

        var ack = await device.PublishAsync(Topics.For(MessageKind.EscalatorEvent, escalator), EventJson.Raised(escalator, 1, "61", floor: null));

        ack.IsSuccess.ShouldBeTrue(ack.ReasonString);
        var severity = await Eventually.ValueAsync(
            async () => (await _host.Http.GetFromJsonAsync<JsonElement>("/api/alarms?state=active", Cancel)).EnumerateArray()
                .Where(a => a.GetProperty("elevatorId").GetString() == escalator && a.GetProperty("code").GetString() == "61")
                .Select(a => a.GetProperty("severity").ToString())
                .FirstOrDefault(),
            Deadline,
            $"alarm 61 of {escalator}");
        severity.ShouldBe("Major");
    }

    [Fact]
    public async Task FaultCodesOfTheOtherFamily_AreRefusedWithTheirReasonInDeadLetters_WhileTheBurstsValidMessagesAreTaken()
    {
        var (escalator, lift) = (TestDevices.NextEscalator(), TestDevices.NextElevator());
        await using var escalatorDevice = await MqttTestClient.ConnectAsync(_host.MqttPort, escalator);
        await using var liftDevice = await MqttTestClient.ConnectAsync(_host.MqttPort, lift);
        var escalatorEvents = Topics.For(MessageKind.EscalatorEvent, escalator);
        var liftEvents = Topics.For(MessageKind.ElevatorEvent, lift);

        // One burst from each: a wrong-family code between valid messages, and the alarm button, which both may send.
        var acks = await Task.WhenAll(
            escalatorDevice.PublishAsync(Topics.EscalatorStatus(escalator), EscalatorJson.For(escalator, 1)),
            escalatorDevice.PublishAsync(escalatorEvents, EventJson.Raised(escalator, 1, "05", floor: null)),
            escalatorDevice.PublishAsync(escalatorEvents, EventJson.Raised(escalator, 2, FaultCodes.AlarmButton, floor: null)),
            liftDevice.PublishAsync(Topics.ElevatorStatus(lift), StatusJson.For(lift, 1, 3)),
            liftDevice.PublishAsync(liftEvents, EventJson.Raised(lift, 1, "61")),
            liftDevice.PublishAsync(liftEvents, EventJson.Raised(lift, 2, FaultCodes.AlarmButton)));

        acks.Select(a => a.IsSuccess).ShouldBe([true, false, true, true, false, true]);
        acks[1].ReasonString.ShouldBe("OutOfRange: code: \"05\" (car moved with doors open) is a lift code; an escalator sends 61, 62, 63, 64, 65, 90");
        acks[4].ReasonString.ShouldBe("OutOfRange: code: \"61\" (escalator safety circuit) is an escalator code; a lift sends 01, 02, 03, 04, 05, 06, 07, 08, 09, 10, 11, 90");
        var letters = (await _host.Http.GetFromJsonAsync<JsonElement>("/api/deadletters?reason=OutOfRange&limit=1000", Cancel))
            .GetProperty("items").EnumerateArray().ToList();
        letters.ShouldContain(l => l.GetProperty("deviceId").GetString() == escalator && l.GetProperty("topic").GetString() == escalatorEvents
            && l.GetProperty("detail").GetString()!.StartsWith("code: \"05\" (car moved with doors open) is a lift code", StringComparison.Ordinal));
        letters.ShouldContain(l => l.GetProperty("deviceId").GetString() == lift && l.GetProperty("topic").GetString() == liftEvents
            && l.GetProperty("detail").GetString()!.StartsWith("code: \"61\" (escalator safety circuit) is an escalator code", StringComparison.Ordinal));
        var active = await Eventually.ValueAsync(
            async () => (await _host.Http.GetFromJsonAsync<JsonElement>("/api/alarms?state=active", Cancel)).EnumerateArray()
                .Where(a => a.GetProperty("elevatorId").GetString() is { } id && (id == escalator || id == lift))
                .Select(a => (a.GetProperty("elevatorId").GetString(), a.GetProperty("code").GetString()))
                .ToList() is { Count: 2 } both ? both : null,
            Deadline,
            "the alarm-button alarms of both");
        active.ShouldBe([(escalator, FaultCodes.AlarmButton), (lift, FaultCodes.AlarmButton)], ignoreOrder: true);
    }

    [Fact]
    public async Task Publish_OnTheOtherKindsTopics_IsNotAuthorized()
    {
        var (escalator, lift) = (TestDevices.NextEscalator(), TestDevices.NextElevator());
        await using var escalatorDevice = await MqttTestClient.ConnectAsync(_host.MqttPort, escalator);
        await using var liftDevice = await MqttTestClient.ConnectAsync(_host.MqttPort, lift);

        var asLift = await escalatorDevice.PublishAsync(Topics.ElevatorStatus(escalator), StatusJson.For(escalator, 1, 2));
        var asEscalator = await liftDevice.PublishAsync(Topics.EscalatorStatus(lift), EscalatorJson.For(lift, 1));

        asLift.ReasonString.ShouldBe($"NotAuthorized: device '{escalator}' is registered as escalator and may not publish ElevatorStatus messages");
        asEscalator.ReasonString.ShouldBe($"NotAuthorized: device '{lift}' is registered as elevator and may not publish EscalatorStatus messages");
    }
}
