using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using MQTTnet;
using Shouldly;

namespace CommandCenter.Tests.EndToEnd;

/// <summary>The vertical slice on real parts: MQTT in → grain → SignalR, REST and InfluxDB.</summary>
[Collection(CommandCenterCollection.Name)]
public sealed class WalkingSkeletonTests(CommandCenterFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private readonly CommandCenterProcess _host = fixture.Host;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        // Whatever a test did, the host must not have logged an error.
        _host.ErrorLines.ShouldBeEmpty();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task StatusPublishedOverMqtt_ReachesSignalRClientRestApiAndInfluxDb()
    {
        var id = TestDevices.NextElevator();
        await using var wall = await WallClient.ConnectAsync(_host);
        await using var device = await MqttTestClient.ConnectAsync(_host.MqttPort, id);

        var ack = await device.PublishAsync(Topics.ElevatorStatus(id), StatusJson.For(id, seq: 41, floor: 17));

        ack.IsSuccess.ShouldBeTrue(ack.ReasonString);
        var pushed = await wall.WaitForAsync(s => s.Id == id, Deadline);
        pushed.Status!.Floor.ShouldBe(17);

        var fromApi = await _host.Http.GetFromJsonAsync<JsonElement>($"/api/elevators/{id}", TestContext.Current.CancellationToken);
        fromApi.GetProperty("status").GetProperty("floor").GetInt32().ShouldBe(17);
        fromApi.GetProperty("status").GetProperty("direction").GetString().ShouldBe("up");

        var rows = await Eventually.ValueAsync(
            async () => (await fixture.Influx.QueryAsync("commandcenter", $"SELECT floor, seq FROM elevator_status WHERE device_id = '{id}'")) is { Count: > 0 } r ? r : null,
            Deadline,
            "the status to be written to InfluxDB");
        rows.Single()["floor"].GetInt32().ShouldBe(17);
        rows.Single()["seq"].GetInt64().ShouldBe(41);

        var history = await _host.Http.GetFromJsonAsync<JsonElement>($"/api/elevators/{id}/history?minutes=10", TestContext.Current.CancellationToken);
        history.EnumerateArray().Single().GetProperty("floor").GetInt32().ShouldBe(17);
    }

    [Fact]
    public async Task StatusPublishedWithMosquittoPub_IsAppliedToTheElevator()
    {
        var id = TestDevices.NextElevator();

        var (exitCode, output) = await CommandLine.RunAsync("mosquitto_pub",
            "-h", "127.0.0.1", "-p", _host.MqttPort.ToString(), "-i", id, "-u", id, "-P", TestDevices.SecretFor(id), "-V", "mqttv5", "-q", "1",
            "-t", Topics.ElevatorStatus(id), "-m", StatusJson.For(id, seq: 1, floor: -2));

        exitCode.ShouldBe(0, output);
        var body = await Eventually.ValueAsync(
            async () => await _host.Http.GetAsync($"/api/elevators/{id}") is { StatusCode: HttpStatusCode.OK } response
                ? await response.Content.ReadAsStringAsync()
                : null,
            Deadline,
            "the elevator to appear in the API");
        JsonDocument.Parse(body).RootElement.GetProperty("status").GetProperty("floor").GetInt32().ShouldBe(-2);
    }

    [Fact]
    public async Task JoinWall_AfterStatusArrived_ReturnsSnapshotWithThatElevator()
    {
        var id = TestDevices.NextElevator();
        await using (var device = await MqttTestClient.ConnectAsync(_host.MqttPort, id))
        {
            (await device.PublishAsync(Topics.ElevatorStatus(id), StatusJson.For(id, 1, 9))).IsSuccess.ShouldBeTrue();
        }

        await using var wall = await WallClient.ConnectAsync(_host);

        wall.Snapshot.ShouldContain(s => s.Id == id && s.Status!.Floor == 9);
    }

    [Fact]
    public async Task NonJsonMessage_IsRefusedWithReasonDeadLetteredAndValidTrafficContinues()
    {
        var id = TestDevices.NextElevator();
        await using var device = await MqttTestClient.ConnectAsync(_host.MqttPort, id);

        var refused = await device.PublishAsync(Topics.ElevatorStatus(id), "floor=3 please");
        var accepted = await device.PublishAsync(Topics.ElevatorStatus(id), StatusJson.For(id, 2, 4));

        refused.IsSuccess.ShouldBeFalse();
        refused.ReasonCode.ShouldBe(MqttClientPublishReasonCode.PayloadFormatInvalid);
        refused.ReasonString.ShouldStartWith("BadJson: not valid JSON");
        accepted.IsSuccess.ShouldBeTrue(accepted.ReasonString);

        var deadLetters = await _host.Http.GetFromJsonAsync<JsonElement>("/api/deadletters?reason=BadJson", TestContext.Current.CancellationToken);
        var letter = deadLetters.GetProperty("items").EnumerateArray().First(l => l.GetProperty("deviceId").GetString() == id);
        letter.GetProperty("reason").GetString().ShouldBe("BadJson");
        letter.GetProperty("payloadExcerpt").GetString().ShouldBe("floor=3 please");
        letter.GetProperty("topic").GetString().ShouldBe(Topics.ElevatorStatus(id));
        deadLetters.GetProperty("countsByReason").GetProperty("BadJson").GetInt64().ShouldBeGreaterThanOrEqualTo(1);

        var stats = await _host.Http.GetFromJsonAsync<JsonElement>("/api/ingest/stats", TestContext.Current.CancellationToken);
        stats.GetProperty("rejectedByReason").GetProperty("BadJson").GetInt64().ShouldBeGreaterThanOrEqualTo(1);
        (await _host.Http.GetAsync("/health", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task DeadLetters_UnknownReasonFilter_Returns400ThatNamesTheKnownReasons()
    {
        var response = await _host.Http.GetAsync("/api/deadletters?reason=Gremlins", TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("BadJson, WrongType, MissingField");
    }

    [Fact]
    public async Task Health_EveryPartUp_Returns200WithEachPartHealthy()
    {
        var response = await _host.Http.GetAsync("/health", TestContext.Current.CancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("status").GetString().ShouldBe("Healthy");
        foreach (var part in new[] { "silo", "broker", "influxdb" })
        {
            body.GetProperty("parts").GetProperty(part).GetProperty("status").GetString().ShouldBe("Healthy", part);
        }
    }

    [Fact]
    public async Task ElevatorApi_UnknownElevator_Returns404ProblemDetails()
    {
        var response = await _host.Http.GetAsync("/api/elevators/EL-NOPE", TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("detail").GetString().ShouldBe("电梯“EL-NOPE”尚未上报。");
    }
}

/// <summary>A SignalR client that joins the wall group, as a wall screen does.</summary>
internal sealed class WallClient : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly Channel<LiveElevator> _received = Channel.CreateUnbounded<LiveElevator>();

    private WallClient(HubConnection connection) => _connection = connection;

    public IReadOnlyList<LiveElevator> Snapshot { get; private set; } = [];

    /// <summary>Signs in as the demo wall screen account, as a paired wall screen is.</summary>
    public static async Task<WallClient> ConnectAsync(CommandCenterProcess host)
    {
        var cookies = await host.CookiesOfAsync("wall");
        var connection = new HubConnectionBuilder().WithUrl($"{host.BaseUrl}{LiveHubNames.Path}", o => o.Cookies = cookies).Build();
        var client = new WallClient(connection);
        connection.On<IReadOnlyList<LiveElevator>>(LiveHubNames.ElevatorsChanged, changes =>
        {
            foreach (var change in changes)
            {
                client._received.Writer.TryWrite(change);
            }
        });
        await connection.StartAsync();
        client.Snapshot = await connection.InvokeAsync<IReadOnlyList<LiveElevator>>(LiveHubNames.JoinWall);
        return client;
    }

    public async Task<LiveElevator> WaitForAsync(Func<LiveElevator, bool> match, TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        await foreach (var snapshot in _received.Reader.ReadAllAsync(timeout.Token))
        {
            if (match(snapshot))
            {
                return snapshot;
            }
        }

        throw new InvalidOperationException("channel closed");
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
