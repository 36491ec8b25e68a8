using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using MQTTnet;
using Shouldly;

namespace CommandCenter.Tests.EndToEnd;

/// <summary>Authentication, ACLs, every refusal over the wire, duplicates and gaps — on the real host.</summary>
[Collection(CommandCenterCollection.Name)]
public sealed class IngestHardeningTests(CommandCenterFixture fixture)
{
    private readonly CommandCenterProcess _host = fixture.Host;

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("EL-GHOST", "secret-EL-GHOST", "device 'EL-GHOST' is not registered")]
    [InlineData("EL-T0003", "not-its-secret", "wrong secret for device 'EL-T0003'")]
    [InlineData(null, null, "no username")]
    public async Task Connect_UnknownDeviceOrWrongSecret_IsRefusedAndDeadLettered(string? user, string? password, string reason)
    {
        var refused = await Should.ThrowAsync<MqttConnectionRefusedException>(
            () => MqttTestClient.ConnectAsync(_host.MqttPort, $"intruder-{Guid.NewGuid():N}", user, password));

        refused.Code.ShouldBe(MqttClientConnectResultCode.BadUserNameOrPassword);
        refused.Reason.ShouldNotBeNull().ShouldContain(reason);
        var letters = await _host.Http.GetFromJsonAsync<JsonElement>("/api/deadletters?reason=UnknownDevice&limit=50", Cancel);
        letters.GetProperty("items").EnumerateArray().ShouldContain(l => l.GetProperty("detail").GetString()!.Contains(reason));
    }

    [Fact]
    public async Task Publish_OnAnotherElevatorsTopic_IsRefusedAsNotAuthorized()
    {
        var mine = TestDevices.NextElevator();
        var other = TestDevices.NextElevator();
        await using var device = await MqttTestClient.ConnectAsync(_host.MqttPort, mine);

        var ack = await device.PublishAsync(Topics.ElevatorStatus(other), StatusJson.For(other, 1, 3));

        ack.ReasonCode.ShouldBe(MqttClientPublishReasonCode.NotAuthorized);
        ack.ReasonString.ShouldBe($"NotAuthorized: device '{mine}' may publish only under its own id, not '{other}'");
        (await _host.Http.GetAsync($"/api/elevators/{other}", Cancel)).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Publish_AppRecordForUnassignedElevator_IsRefusedButAssignedOneIsAccepted()
    {
        await using var app = await MqttTestClient.ConnectAsync(_host.MqttPort, TestDevices.FirstApp);
        DailyCheckRecord Daily(string elevator, long seq) =>
            new(1, TestDevices.FirstApp, seq, DateTimeOffset.UtcNow, elevator, DateOnly.FromDateTime(DateTime.UtcNow), "王安全", true, []);
        string Json(DailyCheckRecord record) => JsonSerializer.Serialize(record, ProtocolJson.Default.DailyCheckRecord);
        var topic = Topics.For(MessageKind.DailyCheck, TestDevices.FirstApp);

        var foreign = await app.PublishAsync(topic, Json(Daily(TestDevices.ElevatorId(15), 100)));
        var assigned = await app.PublishAsync(topic, Json(Daily(TestDevices.ElevatorId(2), 101)));

        foreign.ReasonCode.ShouldBe(MqttClientPublishReasonCode.NotAuthorized);
        foreign.ReasonString.ShouldContain("app 'APP-T01' is not assigned elevator 'EL-T0015'");
        assigned.IsSuccess.ShouldBeTrue(assigned.ReasonString);
    }

    [Theory]
    [InlineData("/api/elevators/EL-INVENTED-1/duties")]
    [InlineData("/api/units/UNIT-INVENTED-1/duties")]
    public async Task GetDuties_ForAnInventedId_Is404(string path)
    {
        var response = await _host.Http.GetAsync(path, Cancel);

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync(Cancel)).ShouldContain("INVENTED-1");
        (await _host.Http.GetAsync($"/api/elevators/{TestDevices.ElevatorId(3)}/duties", Cancel)).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        (await _host.Http.GetAsync("/api/units/UNIT-T01/duties", Cancel)).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
    }

    public static TheoryData<string, string, string> BadMessages()
    {
        const string Id = "{id}";
        var valid = StatusJson.For(Id, 7, 3);
        return new()
        {
            { "BadJson", Topics.ElevatorStatus(Id), "{\"floor\": 3" },
            { "WrongType", Topics.ElevatorStatus(Id), valid.Replace("\"floor\":3", "\"floor\":\"three\"") },
            { "MissingField", Topics.ElevatorStatus(Id), valid.Replace("\"floor\":3,", "") },
            { "OutOfRange", Topics.ElevatorStatus(Id), valid.Replace("\"floor\":3", "\"floor\":999") },
            { "Oversized", Topics.ElevatorStatus(Id), valid.Replace("}", $",\"pad\":\"{new string('x', 2000)}\"}}") },
            { "UnknownTopic", $"cc/v1/elevators/{Id}/colour", valid },
            { "TopicMismatch", Topics.ElevatorStatus(Id), valid.Replace($"\"deviceId\":\"{Id}\"", "\"deviceId\":\"EL-T9999\"") },
            { "TimestampOutOfWindow", Topics.ElevatorStatus(Id), StatusJson.For(Id, 7, 3, DateTimeOffset.UtcNow.AddHours(2)) },
        };
    }

    [Theory]
    [MemberData(nameof(BadMessages))]
    public async Task Publish_BadMessage_IsRefusedWithItsReasonDeadLetteredAndValidTrafficUnaffected(string reason, string topicTemplate, string payloadTemplate)
    {
        var id = TestDevices.NextElevator();
        await using var device = await MqttTestClient.ConnectAsync(_host.MqttPort, id);

        var refused = await device.PublishAsync(topicTemplate.Replace("{id}", id), payloadTemplate.Replace("{id}", id));
        var valid = await device.PublishAsync(Topics.ElevatorStatus(id), StatusJson.For(id, 8, 4));

        refused.IsSuccess.ShouldBeFalse();
        refused.ReasonString.ShouldStartWith($"{reason}: ");
        valid.IsSuccess.ShouldBeTrue(valid.ReasonString);
        var letters = await _host.Http.GetFromJsonAsync<JsonElement>($"/api/deadletters?reason={reason}&limit=100", Cancel);
        letters.GetProperty("items").EnumerateArray().ShouldContain(l => l.GetProperty("clientId").GetString() == id);
    }

    [Fact]
    public async Task Publish_SameSequenceTwiceAndAGap_DropsTheRepeatAndCountsTheGap()
    {
        var id = TestDevices.NextElevator();
        await using var device = await MqttTestClient.ConnectAsync(_host.MqttPort, id);
        var start = DateTimeOffset.UtcNow;

        foreach (var (seq, floor) in new[] { (1L, 1), (2L, 2), (2L, 2), (5L, 5) })
        {
            (await device.PublishAsync(Topics.ElevatorStatus(id), StatusJson.For(id, seq, floor, start.AddSeconds(seq)))).IsSuccess.ShouldBeTrue();
        }

        var sequence = (await _host.Http.GetFromJsonAsync<JsonElement>($"/api/ingest/sequences?deviceId={id}", Cancel)).EnumerateArray().Single();
        sequence.GetProperty("highestSeq").GetInt64().ShouldBe(5);
        sequence.GetProperty("duplicates").GetInt64().ShouldBe(1);
        sequence.GetProperty("missing").GetInt64().ShouldBe(2);
        var rows = await Eventually.ValueAsync(
            async () => await fixture.Influx.QueryAsync("commandcenter", $"SELECT seq FROM elevator_status WHERE device_id = '{id}'") is { Count: 3 } r ? r : null,
            TimeSpan.FromSeconds(15),
            "three distinct points in InfluxDB");
        rows.Select(r => r["seq"].GetInt64()).ShouldBe([1L, 2L, 5L]);
    }
}
