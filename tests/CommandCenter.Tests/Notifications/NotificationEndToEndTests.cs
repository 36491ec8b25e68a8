using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Grains.City;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using Shouldly;

namespace CommandCenter.Tests.Notifications;

/// <summary>
/// People reached through the real command center: a device's trapped passenger over real MQTT, the WeCom robot
/// and the generic webhook configured at loopback receivers, the deliveries as the alarm's API lists them.
/// </summary>
public sealed class NotificationEndToEndTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly CityDirectory City = new(TestCity.Demo);

    private NotificationReceiver _receiver = default!;
    private DemoCityHost _city = default!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _receiver = await NotificationReceiver.StartAsync();
        _city = await DemoCityHost.StartAsync(
            $"--Notifications:WeCom:Url={_receiver.Url}/wecom?key=e2e-key", $"--Notifications:Webhook:Url={_receiver.Url}/webhook");
    }

    public async ValueTask DisposeAsync()
    {
        await _city.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task TrappedPassengerOverMqtt_ReachesTheWebhookAndTheWeComRobotAndTheApiListsTheDeliveriesAsSent()
    {
        var lift = TestCity.Demo.Elevators.Where(e => !e.Escalator).Select(e => City.FindElevator(e.Id)!)
            .First(p => p.Firm.OnCall.Count > 0 && p.Elevator.SafetyOfficer.Phone.Length > 0);
        var (onCall, officer) = (lift.Firm.OnCall[0], lift.Elevator.SafetyOfficer);
        var host = _city.Host;
        await using var device = await MqttTestClient.ConnectAsync(host.MqttPort, lift.Elevator.Id);
        (await device.PublishAsync(Topics.ElevatorStatus(lift.Elevator.Id), StatusJson.For(lift.Elevator.Id, 1, 7))).IsSuccess.ShouldBeTrue();

        var ack = await device.PublishAsync(Topics.For(MessageKind.ElevatorEvent, lift.Elevator.Id), EventJson.Raised(lift.Elevator.Id, 1, FaultCodes.TrappedPassenger));

        ack.IsSuccess.ShouldBeTrue(ack.ReasonString);
        var alarmId = await Eventually.ValueAsync(
            async () => (await host.Http.GetFromJsonAsync<JsonElement>("/api/alarms?state=active", Cancel)).EnumerateArray()
                .Where(a => a.GetProperty("elevatorId").GetString() == lift.Elevator.Id).Select(a => a.GetProperty("id").GetString()).FirstOrDefault(),
            Deadline,
            "the trapped passenger's alarm");
        await Eventually.TrueAsync(
            () => Task.FromResult(_receiver.All("/webhook").Count >= 2 && _receiver.All("/wecom").Count >= 1), Deadline, "the webhook and WeCom posts");

        var webhooks = _receiver.All("/webhook");
        webhooks.Count.ShouldBe(2, "one post per person reached: the firm's on-call and the safety officer");
        foreach (var (_, _, contentType, body) in webhooks)
        {
            contentType.ShouldStartWith("application/json");
            body.EnumerateObject().Select(p => p.Name).ShouldBe(["alarmId", "elevatorId", "code", "source", "step", "recipient", "sentAt"], ignoreOrder: true);
            (body.GetProperty("alarmId").GetString(), body.GetProperty("elevatorId").GetString(), body.GetProperty("code").GetString(),
                body.GetProperty("source").GetString(), body.GetProperty("step").GetString())
                .ShouldBe((alarmId, lift.Elevator.Id, FaultCodes.TrappedPassenger, "Device", "FirstContacts"));
            DateTimeOffset.Parse(body.GetProperty("sentAt").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)
                .ShouldBe(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        }

        webhooks.Select(w => w.Json.GetProperty("recipient")).Select(r => (r.GetProperty("role").GetString(), r.GetProperty("name").GetString(), r.GetProperty("phone").GetString()))
            .ShouldBe([("FirmOnCall", onCall.Name, onCall.Phone), ("SafetyOfficer", officer.Name, officer.Phone)], ignoreOrder: true);

        var wecom = _receiver.Single("/wecom");
        wecom.Query.ShouldBe("?key=e2e-key");
        wecom.ContentType.ShouldStartWith("application/json");
        wecom.Json.GetProperty("msgtype").GetString().ShouldBe("text");
        var content = wecom.Json.GetProperty("text").GetProperty("content").GetString()!;
        content.ShouldStartWith("【电梯困人】");
        content.ShouldContain($"{lift.Elevator.Address}（电梯 {lift.Elevator.Id}）：困人，故障代码 11，物联网设备上报。告警 {alarmId}。");
        content.ShouldContain($"维保值班 {onCall.Name}；安全员 {officer.Name}");
        wecom.Json.GetProperty("text").GetProperty("mentioned_mobile_list").EnumerateArray().Select(m => m.GetString())
            .ShouldBe([onCall.Phone, officer.Phone], ignoreOrder: true);

        var listed = await Eventually.ValueAsync(
            async () => await host.Http.GetFromJsonAsync<JsonElement>($"/api/alarms/notifications?id={Uri.EscapeDataString(alarmId)}", Cancel) is var d
                && d.GetArrayLength() == 3 && d.EnumerateArray().All(x => x.GetProperty("status").GetString() == "Sent") ? d.GetRawText() : null,
            Deadline,
            "the deliveries listed as sent");
        using var deliveries = JsonDocument.Parse(listed);
        deliveries.RootElement.EnumerateArray().Select(d => (d.GetProperty("channel").GetString(), d.GetProperty("step").GetString(), d.GetProperty("attempts").GetInt32()))
            .ShouldBe([("wecom", "FirstContacts", 1), ("webhook", "FirstContacts", 1), ("webhook", "FirstContacts", 1)], ignoreOrder: true);
        host.ErrorLines.ShouldBeEmpty();
    }
}
