using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using CommandCenter.Tests.Consoles;
using MQTTnet;
using Shouldly;

namespace CommandCenter.Tests.Auth;

/// <summary>
/// An admin adds a device, rotates its secret and revokes it through <c>/api/admin/devices</c>, with
/// real MQTT clients on the command center's broker: each change is in force at once and audited.
/// </summary>
[Collection(ConsoleHostCollection.Name)]
public sealed class DeviceAdministrationTests(ConsoleHostFixture fixture)
{
    private static readonly TimeSpan DropDeadline = TimeSpan.FromSeconds(10);

    private readonly CommandCenterProcess _host = fixture.Host;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddRotateRevoke_LotSensor_EachInForceAtOnceAndAuditedUnderTheAdmin()
    {
        var lot = TestCity.Demo.Lots[^1].Id;
        using var admin = await _host.SignInAsync("admin");

        var added = await admin.PostAsJsonAsync("/api/admin/devices/", new { id = lot, kind = "lot" }, Cancel);
        added.StatusCode.ShouldBe(HttpStatusCode.Created, await added.Content.ReadAsStringAsync(Cancel));
        var firstSecret = (await added.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("secret").GetString()!;
        await using (var device = await ConnectAsync(lot, firstSecret))
        {
            (await PublishPresenceAsync(device, lot, 1)).IsSuccess.ShouldBeTrue();

            var rotated = await admin.PostAsync($"/api/admin/devices/{lot}/rotate-secret", null, Cancel);
            rotated.StatusCode.ShouldBe(HttpStatusCode.OK);
            var secondSecret = (await rotated.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("secret").GetString()!;

            await Eventually.TrueAsync(() => Task.FromResult(!device.IsConnected), DropDeadline, "the session on the old secret to be closed");
            (await Should.ThrowAsync<MqttConnectionRefusedException>(() => ConnectAsync(lot, firstSecret)))
                .Code.ShouldBe(MqttClientConnectResultCode.BadUserNameOrPassword);
            await using var renewed = await ConnectAsync(lot, secondSecret);
            (await PublishPresenceAsync(renewed, lot, 2)).IsSuccess.ShouldBeTrue();

            (await admin.DeleteAsync($"/api/admin/devices/{lot}", Cancel)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

            await Eventually.TrueAsync(() => Task.FromResult(!renewed.IsConnected), DropDeadline, "the revoked device's session to be closed");
            (await Should.ThrowAsync<MqttConnectionRefusedException>(() => ConnectAsync(lot, secondSecret)))
                .Code.ShouldBe(MqttClientConnectResultCode.BadUserNameOrPassword);
        }

        var audit = await admin.GetFromJsonAsync<JsonElement>($"/api/audit?target={lot}", Cancel);
        audit.GetProperty("items").EnumerateArray()
            .Select(entry => (entry.GetProperty("action").GetString(), entry.GetProperty("actor").GetString()))
            .ShouldBe([("device-revoked", "admin"), ("device-secret-rotated", "admin"), ("device-added", "admin")]);
        audit.GetRawText().ShouldNotContain(firstSecret);
    }

    [Fact]
    public async Task Add_InvalidRequests_RefusedNamingTheFieldAndTheRegistryUnchanged()
    {
        using var admin = await _host.SignInAsync("admin");
        var registered = TestCity.Demo.Elevators[0].Id;
        var before = await File.ReadAllTextAsync(Path.Combine(_host.DataFolder, "devices.json"), Cancel);

        (string Body, string Expected)[] cases =
        [
            ($$"""{"id":"{{registered}}","kind":"elevator"}""", "已登记"),
            ("""{"id":"EL-NOWHERE","kind":"elevator"}""", "城市文件中没有电梯“EL-NOWHERE”"),
            ("""{"id":"a/b","kind":"app"}""", "id: 字母、数字"),
            ("""{"id":"APP-X","kind":"app","elevators":["EL-NOWHERE"]}""", "elevators: 城市文件中没有电梯"),
            ($$"""{"id":"BS-X","kind":"berth","units":["{{TestCity.Demo.Units[0].Id}}"]}""", "只有应用可分配"),
            ("""{"id":"APP-Y"}""", "kind: elevator、berth、lot、app 之一"),
        ];
        foreach (var (body, expected) in cases)
        {
            using var response = await admin.PostAsync("/api/admin/devices/", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancel);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
            (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain(expected, Case.Sensitive, body);
        }

        (await admin.PostAsync("/api/admin/devices/NO-SUCH-DEVICE/rotate-secret", null, Cancel)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await File.ReadAllTextAsync(Path.Combine(_host.DataFolder, "devices.json"), Cancel)).ShouldBe(before);
        var listed = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/devices/?search={registered}&kind=elevator", Cancel);
        listed.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetString()).ShouldBe([registered]);
        listed.GetRawText().ShouldNotContain("salt", Case.Insensitive);
    }

    private Task<MqttTestClient> ConnectAsync(string deviceId, string secret) =>
        MqttTestClient.ConnectAsync(_host.MqttPort, deviceId, deviceId, secret, new MqttTestConnection());

    private static Task<MqttClientPublishResult> PublishPresenceAsync(MqttTestClient device, string deviceId, long seq) =>
        device.PublishAsync(
            Topics.For(MessageKind.Presence, deviceId),
            JsonSerializer.Serialize(new PresenceReport(1, deviceId, seq, DateTimeOffset.UtcNow, PresenceState.Online), ProtocolJson.Default.PresenceReport));
}
