using System.Net;
using System.Text.Json;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using Shouldly;

namespace CommandCenter.Tests.EndToEnd;

/// <summary>InfluxDB going away is visible in /health and loses nothing; uses its own influxd and host.</summary>
public sealed class InfluxOutageTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task InfluxDbDown_HealthTurns503AndHeldPointsAreWrittenWhenItReturns()
    {
        await using var influx = await InfluxServer.StartAsync();
        await using var host = await CommandCenterProcess.StartAsync(influx.Url);
        var id = TestDevices.NextElevator();
        await using var device = await MqttTestClient.ConnectAsync(host.MqttPort, id);

        await influx.KillAsync();
        var whileDown = await device.PublishAsync(Topics.ElevatorStatus(id), StatusJson.For(id, 1, 11));

        whileDown.IsSuccess.ShouldBeTrue("ingest keeps accepting while InfluxDB is down");
        var body = await Eventually.ValueAsync(
            async () => await host.Http.GetAsync("/health") is { StatusCode: HttpStatusCode.ServiceUnavailable } r
                ? await r.Content.ReadAsStringAsync()
                : null,
            Deadline,
            "/health to report 503");
        var health = JsonDocument.Parse(body).RootElement;
        health.GetProperty("parts").GetProperty("influxdb").GetProperty("status").GetString().ShouldBe("Unhealthy");
        health.GetProperty("parts").GetProperty("broker").GetProperty("status").GetString().ShouldBe("Healthy");

        await influx.StartAgainAsync();

        await Eventually.TrueAsync(
            async () => (await host.Http.GetAsync("/health")).StatusCode == HttpStatusCode.OK, Deadline, "/health to recover");
        var rows = await Eventually.ValueAsync(
            async () => (await influx.QueryAsync("commandcenter", $"SELECT floor FROM elevator_status WHERE device_id = '{id}'")) is { Count: > 0 } r ? r : null,
            Deadline,
            "the held point to be written");
        rows.Single()["floor"].GetInt32().ShouldBe(11);
        host.ErrorLines.ShouldBeEmpty();
    }
}
